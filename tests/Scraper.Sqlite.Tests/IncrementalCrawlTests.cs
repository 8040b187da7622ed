using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Incremental;
using Scraper.Items;
using WireMock.Server;

namespace Scraper.Sqlite.Tests;

/// <summary>
/// Incremental crawls across the runs of a job: pages that gave items are skipped (per callback), visited again once
/// older than an age, and keyed items that did not change are not exported again.
/// </summary>
public sealed class IncrementalCrawlTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ShopSite _site = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        _site.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Crawl_SkipScraped_SecondRunFetchesOnlyTheListing_AndExportsNothing()
    {
        Func<ShopSpider, IncrementalCrawl?> policy = spider => new IncrementalCrawl().SkipScraped(new ParseCallback(spider.ParseProduct));

        var first = await RunAsync(policy, "run1.jsonl");
        var second = await RunAsync(policy, "run2.jsonl");

        Assert.Equal(ShopSite.Products, first.Stats.Items);
        Assert.Equal(CrawlOutcome.Completed, second.Outcome);
        Assert.Equal(0, second.Stats.Items);
        Assert.Equal(ShopSite.Products, second.Stats.DroppedRequests["incremental"]);
        Assert.Equal(2, _site.Hits("/"));
        Assert.All(Enumerable.Range(1, ShopSite.Products), i => Assert.Equal(1, _site.Hits($"/p/{i}")));
        Assert.Empty(await File.ReadAllLinesAsync(_folder.File("run2.jsonl")));
    }

    [Fact]
    public async Task Crawl_SkipScrapedOfAnotherCallback_FetchesEverythingAgain()
    {
        // The rule names the listing's callback, which gives no items: product pages are not covered by it.
        Func<ShopSpider, IncrementalCrawl?> policy = spider => new IncrementalCrawl().SkipScraped(new ParseCallback(spider.Parse));

        await RunAsync(policy, "run1.jsonl");
        var second = await RunAsync(policy, "run2.jsonl");

        Assert.Equal(ShopSite.Products, second.Stats.Items);
        Assert.Equal(2, _site.Hits("/"));
    }

    [Fact]
    public async Task Crawl_KeyedItems_UnchangedAreNotExportedAgain_ChangedAreExported()
    {
        // RevisitAfter(0) fetches every page every run: only the item keys decide what is exported.
        Func<ShopSpider, IncrementalCrawl?> policy = spider => new IncrementalCrawl()
            .RevisitAfter(TimeSpan.Zero)
            .KeyItems<Product>(product => product.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await RunAsync(policy, "run1.jsonl");
        var unchanged = await RunAsync(policy, "run2.jsonl");
        _site.SetPrice(3, "31.00");
        _site.SetPrice(7, "71.00");
        var changed = await RunAsync(policy, "run3.jsonl");

        Assert.Equal(0, unchanged.Stats.Items);
        Assert.Equal(ShopSite.Products, unchanged.Stats.Events["items/unchanged"]);
        Assert.Equal(new[] { 3, 7 }, Numbers("run3.jsonl").Order());
        Assert.Equal(ShopSite.Products - 2, changed.Stats.Events["items/unchanged"]);
        Assert.Equal(3, _site.Hits("/p/1"));
    }

    [Fact]
    public async Task Crawl_RevisitAfter_SkipsYoungVisits_AndFetchesOldOnesAgain()
    {
        Func<ShopSpider, IncrementalCrawl?> policy = spider => new IncrementalCrawl()
            .SkipScraped(new ParseCallback(spider.ParseProduct))
            .RevisitAfter(TimeSpan.FromDays(1), new ParseCallback(spider.ParseProduct));

        await RunAsync(policy, "run1.jsonl");
        _time.Advance(TimeSpan.FromHours(23));
        var young = await RunAsync(policy, "run2.jsonl");
        _time.Advance(TimeSpan.FromHours(2));
        var old = await RunAsync(policy, "run3.jsonl");

        Assert.Equal(0, young.Stats.Items);
        Assert.Equal(ShopSite.Products, old.Stats.Items);
        Assert.Equal(2, _site.Hits("/p/5"));
    }

    [Fact]
    public async Task Crawl_IncrementalKeyChanged_FetchesThatPageAgain()
    {
        // The listing shows a version of each product: a product whose version changed is fetched again, the rest not.
        Func<ShopSpider, IncrementalCrawl?> policy = spider => new IncrementalCrawl().SkipScraped(new ParseCallback(spider.ParseProduct));

        await RunAsync(policy, "run1.jsonl", request => request);
        var second = await RunAsync(policy, "run2.jsonl", request => request.Url.AbsolutePath == "/p/4" ? request with { IncrementalKey = "v2" } : request);

        Assert.Equal(new[] { 4 }, Numbers("run2.jsonl"));
        Assert.Equal(2, _site.Hits("/p/4"));
        Assert.Equal(1, _site.Hits("/p/5"));
        Assert.Equal(ShopSite.Products - 1, second.Stats.DroppedRequests["incremental"]);
    }

    [Fact]
    public async Task Crawl_Fresh_ForgetsTheHistory()
    {
        Func<ShopSpider, IncrementalCrawl?> policy = spider => new IncrementalCrawl().SkipScraped(new ParseCallback(spider.ParseProduct));

        await RunAsync(policy, "run1.jsonl");
        var fresh = await RunAsync(policy, "run2.jsonl", fresh: true);

        Assert.Equal(ShopSite.Products, fresh.Stats.Items);
    }

    [Fact]
    public async Task Crawl_IncrementalSpiderInMemory_FetchesAndExportsEverything()
    {
        Func<ShopSpider, IncrementalCrawl?> policy = spider => new IncrementalCrawl().SkipScraped(new ParseCallback(spider.ParseProduct)).KeyItems<Product>(p => p.Title);
        var services = new CrawlerServices { TimeProvider = _time };

        await new Crawler(new ShopSpider(_site.Url, policy), Options(), services).RunAsync();
        var second = await new Crawler(new ShopSpider(_site.Url, policy), Options(), services).RunAsync();

        Assert.Equal(ShopSite.Products, second.Stats.Items);
    }

    [Fact]
    public async Task Crawl_SitemapLastmodNewerThanTheLastVisit_FetchesThatPageAgain()
    {
        using var site = WireMockServer.Start();
        Sitemap(site, "2026-11-01", "2026-11-01");
        Page(site, "/a");
        Page(site, "/b");
        var path = _folder.File("sitemap.db");

        async Task<CrawlResult> RunSitemapAsync()
        {
            await using var job = await SqliteCrawlJob.OpenAsync(path, timeProvider: _time);
            var services = new CrawlerServices { TimeProvider = _time, FrontierFactory = job.CreateFrontier, DuplicateFilterFactory = job.CreateDuplicateFilter };
            return await new Crawler(new PagesSpider(site.Url!), Options(), services).RunAsync();
        }

        var first = await RunSitemapAsync();
        _time.Advance(TimeSpan.FromDays(1));
        var unchanged = await RunSitemapAsync();
        // /b changed after the last visit (2026-12-01 08:00), /a did not.
        Sitemap(site, "2026-11-01", "2026-12-01T20:00:00Z");
        _time.Advance(TimeSpan.FromDays(1));
        var changed = await RunSitemapAsync();

        Assert.Equal(2, first.Stats.Items);
        Assert.Equal(0, unchanged.Stats.Items);
        Assert.Equal(1, changed.Stats.Items);
        Assert.Equal(1, site.LogEntries.Count(entry => entry.RequestMessage?.Path == "/a"));
        Assert.Equal(2, site.LogEntries.Count(entry => entry.RequestMessage?.Path == "/b"));
    }

    private static void Sitemap(WireMockServer site, string a, string b) =>
        site.Given(WireMock.RequestBuilders.Request.Create().WithPath("/sitemap.xml").UsingGet()).WithGuid(new Guid(1, 1, 1, new byte[8])).RespondWith(WireMock.ResponseBuilders.Response.Create()
            .WithHeader("Content-Type", "application/xml")
            .WithBody($"<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{site.Url}/a</loc><lastmod>{a}</lastmod></url><url><loc>{site.Url}/b</loc><lastmod>{b}</lastmod></url></urlset>"));

    private static void Page(WireMockServer site, string path) =>
        site.Given(WireMock.RequestBuilders.Request.Create().WithPath(path).UsingGet()).RespondWith(WireMock.ResponseBuilders.Response.Create()
            .WithHeader("Content-Type", "text/html; charset=utf-8").WithBody($"<html><body><h1>{path}</h1></body></html>"));

    private async Task<CrawlResult> RunAsync(Func<ShopSpider, IncrementalCrawl?> policy, string output, Func<Request, Request>? rewrite = null, bool fresh = false)
    {
        await using var job = await SqliteCrawlJob.OpenAsync(_folder.File("shop.db"), new SqliteJobOptions { Fresh = fresh }, _time);
        var services = new CrawlerServices
        {
            TimeProvider = _time,
            FrontierFactory = job.CreateFrontier,
            DuplicateFilterFactory = job.CreateDuplicateFilter,
            SessionStore = job.Sessions,
            Exporters = { new JsonLinesExporter(_folder.File(output)) },
        };
        var spider = new ShopSpider(_site.Url, policy) { Rewrite = rewrite };
        var result = await new Crawler(spider, Options(), services).RunAsync();
        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        return result;
    }

    private List<int> Numbers(string output) =>
        [.. File.ReadAllLines(_folder.File(output)).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("number").GetInt32())];

    private static CrawlOptions Options() => new() { ConcurrentRequests = 4, DownloadDelay = TimeSpan.Zero, ObeyRobotsTxt = false };

    /// <summary>Pages from a sitemap, one item each; scraped pages are skipped unless the sitemap says they changed.</summary>
    private sealed class PagesSpider(string site) : Scraper.Crawling.Sitemaps.SitemapSpider
    {
        public override IncrementalCrawl? Incremental => new IncrementalCrawl().SkipScraped(new ParseCallback(Parse));

        protected override IEnumerable<string> SitemapUrls => [site + "/sitemap.xml"];

        public override IEnumerable<object> Parse(Response response)
        {
            yield return new Product(0, response.SelectText("h1")!, "");
        }
    }
}
