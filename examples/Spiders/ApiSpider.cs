using Scraper.Crawling;
using Scraper.Http;

namespace Spiders;

/// <summary>An API with JSON pagination: a bearer token from a JSON login, then page after page until "next" is null.</summary>
public sealed class ApiSpider(Uri shop, string user, string password) : Spider
{
    public override IEnumerable<string> StartUrls => [new Uri(shop, "/api/products").AbsoluteUri];

    public override async Task LoginAsync(Session session, CancellationToken cancellationToken = default)
    {
        var answer = await session.PostJsonAsync(new Uri(shop, "/api/auth").AbsoluteUri, new { username = user, password }, cancellationToken);
        session.Auth = SessionAuth.Bearer(answer.EnsureSuccessStatusCode().Json<ApiToken>()!.Token);
    }

    public override IEnumerable<object> Parse(Response response)
    {
        var page = response.Json<ApiPage>()!;
        foreach (var item in page.Items)
        {
            yield return item;
        }

        if (page.Next is { } next)
        {
            yield return response.Follow(next)!;
        }
    }
}

public sealed record ApiToken(string Token);

public sealed record ApiProduct(int Id, string Sku, string Name, decimal Price);

public sealed record ApiPage(int Page, IReadOnlyList<ApiProduct> Items, string? Next);
