using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Scraper.Crawling;
using Scraper.Forms;
using Scraper.Http;

namespace Scraper.CrawlBench;

/// <summary>
/// The benchmark crawl, the same as ../shared/bench/benchsite_spider.py: follow every link from "/", duplicates
/// filtered, one item {url, name, price} per product page from the same CSS selectors; optionally log in first.
/// </summary>
internal sealed class BenchSpider(Uri site, bool login) : Spider
{
    public override string Name => "benchsite";

    public override IEnumerable<string> StartUrls => [new Uri(site, "/").AbsoluteUri];

    public override IEnumerable<string> AllowedDomains => [site.Host];

    public override LoggedOutDetector? LoggedOut => login ? LoggedOutDetector.RedirectTo("/login") : null;

    public override async Task LoginAsync(Session session, CancellationToken cancellationToken = default)
    {
        if (!login)
        {
            return;
        }

        var page = await session.GetDocumentAsync(new Uri(site, "/login").AbsoluteUri, cancellationToken);
        var answer = await session.SubmitFormAsync(
            page,
            new Dictionary<string, string?> { ["username"] = "bench", ["password"] = "benchpass" },
            new FormSubmitOptions { Form = FormSelector.Id("login") },
            cancellationToken);
        if (answer.Document.QuerySelector("span.session-user") is null)
        {
            throw new LoginFailedException($"Login to {site} failed: landed on {answer.Url}.");
        }
    }

    public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (response.Url.AbsolutePath.Contains("/product/", StringComparison.Ordinal))
        {
            yield return new BenchItem(response.Url.AbsoluteUri, response.SelectText("h1.product-name"), response.SelectText("div.offer span.price"));
        }

        foreach (var link in response.FollowAll("a[href]"))
        {
            yield return link;
        }

        await Task.CompletedTask;
    }
}

/// <summary>One product, as the Scrapy spider exports it.</summary>
internal sealed record BenchItem(string Url, string? Name, string? Price);

/// <summary>
/// The benchmark's JSON metadata, generated at compile time: the crawl runs as a native AOT executable, which has
/// no reflection-based serialization. Web defaults, as the exporters' (camelCase).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BenchItem))]
internal sealed partial class BenchJson : JsonSerializerContext;
