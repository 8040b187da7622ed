using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scraper.Crawling;
using Scraper.Crawling.Downloading.HttpCache;
using Scraper.Items;
using Scraper.Tests.TestSites;

namespace Scraper.Tests.Crawling.Downloading.HttpCache;

/// <summary>The cache in a real crawl: the engine's pipeline, a Kestrel site that counts what it serves.</summary>
public sealed class HttpCacheCrawlTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-httpcache-crawl-").FullName;
    private readonly ConcurrentQueue<string> _served = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<KestrelSite> StartSiteAsync(Action<WebApplication> map) =>
        KestrelSite.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                _served.Enqueue(context.Request.Path + context.Request.QueryString);
                await next(context);
            });
            map(app);
        });

    private async Task<(CrawlResult Result, List<string> Lines)> CrawlAsync(Uri start, HttpCacheOptions cache)
    {
        using var output = new MemoryStream();
        await using var exporter = new JsonLinesExporter(output);
        var services = new CrawlerServices { Exporters = { exporter }, DownloadMiddlewares = { new HttpCacheMiddleware(cache) } };
        var options = new CrawlOptions { Retry = { BaseDelay = TimeSpan.FromMilliseconds(1) }, RandomizeDelay = false };
        var result = await new Crawler(new LinkFollowingSpider(start), options, services).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (result, [.. Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)]);
    }

    [Fact]
    public async Task Crawl_SecondRunWithTheCache_MakesNoRequestAndYieldsTheSameItems()
    {
        await using var site = await StartSiteAsync(app =>
        {
            app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /private\n"));
            app.MapGet("/", () => Results.Content("<a href='/a'>a</a><a href='/old'>old</a><a href='/private'>p</a>", "text/html"));
            app.MapGet("/a", () => Results.Content("<p>a</p><a href='/new'>new</a>", "text/html"));
            app.MapGet("/old", () => Results.Redirect("/new"));
            app.MapGet("/new", () => Results.Content("<p>new</p>", "text/html"));
        });
        var cache = new HttpCacheOptions { Directory = _folder };

        var (first, firstItems) = await CrawlAsync(site.At("/"), cache);
        var servedByFirst = _served.ToList();
        var (second, secondItems) = await CrawlAsync(site.At("/"), cache);

        Assert.Contains("/robots.txt", servedByFirst);
        Assert.DoesNotContain("/private", servedByFirst);
        Assert.Equal(servedByFirst, _served.ToList());
        Assert.Equal(3, firstItems.Count);
        Assert.Equal(firstItems, secondItems);
        Assert.Equal(0, second.Stats.Requests);
        Assert.Equal(first.Stats.Responses, second.Stats.Responses);
        Assert.Equal(first.Stats.Events[HttpCacheStats.Store], second.Stats.Events[HttpCacheStats.Hit]);
        // robots.txt is an entry too: the one link it forbids is a miss, dropped by the replayed rules without a request.
        Assert.Equal(1, second.Stats.Events[HttpCacheStats.Miss]);
        Assert.Equal(1, second.Stats.DroppedRequests["robots"]);
    }

    [Fact]
    public async Task Crawl_Rfc9111_RevalidatesStaleEntriesWith304AndParsesTheStoredBody()
    {
        var etag = "\"v1\"";
        await using var site = await StartSiteAsync(app =>
        {
            app.MapGet("/robots.txt", () => Results.NotFound());
            app.MapGet("/", (HttpContext context) =>
            {
                if (context.Request.Headers.IfNoneMatch == etag)
                {
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                }

                context.Response.Headers.ETag = etag;
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Content("<p>validated</p>", "text/html");
            });
        });
        var cache = new HttpCacheOptions { Directory = _folder, Policy = HttpCachePolicy.Rfc9111 };

        var (_, firstItems) = await CrawlAsync(site.At("/"), cache);
        var (second, secondItems) = await CrawlAsync(site.At("/"), cache);

        Assert.Equal(firstItems, secondItems);
        Assert.Contains("validated", Assert.Single(secondItems), StringComparison.Ordinal);
        Assert.Equal(2, _served.Count(path => path == "/"));
        Assert.Equal(1, second.Stats.Events[HttpCacheStats.Revalidate]);
    }
}
