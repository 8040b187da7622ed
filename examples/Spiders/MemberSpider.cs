using Scraper.Crawling;
using Scraper.Http;

namespace Spiders;

/// <summary>Logs in through the form (its hidden CSRF field comes from the page) and reads members-only prices.</summary>
public sealed class MemberSpider(Uri shop, string user, string password) : Spider
{
    public override IEnumerable<string> StartUrls => [.. Enumerable.Range(1, 10).Select(id => new Uri(shop, $"/product/{id}").AbsoluteUri)];

    public override LoggedOutDetector LoggedOut => LoggedOutDetector.Selector("a.login-to-see");

    public override async Task LoginAsync(Session session, CancellationToken cancellationToken = default)
    {
        var page = await session.GetDocumentAsync(new Uri(shop, "/login").AbsoluteUri, cancellationToken);
        await session.SubmitFormAsync(page, new Dictionary<string, string?> { ["username"] = user, ["password"] = password }, cancellationToken: cancellationToken);
    }

    public override IEnumerable<object> Parse(Response response)
    {
        yield return new MemberPrice(response.SelectText("span.sku")!, response.SelectText("span.member-price")!);
    }
}

public sealed record MemberPrice(string Sku, string Price);
