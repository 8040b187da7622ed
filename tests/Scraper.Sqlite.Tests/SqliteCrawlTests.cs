using Scraper.Crawling;

namespace Scraper.Sqlite.Tests;

public sealed class SqliteCrawlTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ShopSite _site = new();

    public void Dispose()
    {
        _site.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Crawl_WithSqliteJob_YieldsTheSameItemsAsInMemory()
    {
        var inMemory = new CollectingPipeline();
        var memoryResult = await new Crawler(new ShopSpider(_site.Url), Options(), new CrawlerServices { Pipelines = { inMemory } }).RunAsync();

        var stored = new CollectingPipeline();
        await using var job = await SqliteCrawlJob.OpenAsync(_folder.File("shop.db"));
        var storedResult = await new Crawler(new ShopSpider(_site.Url), Options(), JobServices(job, stored)).RunAsync();

        Assert.Equal(CrawlOutcome.Completed, memoryResult.Outcome);
        Assert.Equal(CrawlOutcome.Completed, storedResult.Outcome);
        Assert.Equal(ShopSite.Products, inMemory.Items.Count);
        Assert.Equal(inMemory.Items.OrderBy(p => p.Number), stored.Items.OrderBy(p => p.Number));
        Assert.Equal(memoryResult.Stats.Requests, storedResult.Stats.Requests);
        Assert.Equal(0, storedResult.Stats.ErrorCount);
    }

    [Fact]
    public async Task Crawl_StoppedMidwayThenResumed_LosesNothing_AndDoesNotSeedAgain()
    {
        var path = _folder.File("shop.db");
        using var stop = new CancellationTokenSource();
        var first = new CollectingPipeline(stop, stopAt: 4);
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            var result = await new Crawler(new ShopSpider(_site.Url), Slowed(), JobServices(job, first)).RunAsync(stop.Token);
            Assert.Equal(CrawlOutcome.Cancelled, result.Outcome);
        }

        Assert.InRange(first.Items.Count, 4, ShopSite.Products - 1);
        var second = new CollectingPipeline();
        await using (var resumed = await SqliteCrawlJob.OpenAsync(path))
        {
            var result = await new Crawler(new ShopSpider(_site.Url), Options(), JobServices(resumed, second)).RunAsync();
            Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        }

        // Requests stopped in flight are repeated (at least once, until exports commit with the acknowledgement); none is lost.
        Assert.Equal(Enumerable.Range(1, ShopSite.Products), first.Items.Concat(second.Items).Select(p => p.Number).Distinct().Order());
        Assert.Equal(1, _site.Hits("/"));
    }

    [Fact]
    public async Task Crawl_StartRequestWithLambdaCallback_FailsNamingIt()
    {
        await using var job = await SqliteCrawlJob.OpenAsync(_folder.File("shop.db"));
        var spider = new LambdaSpider(_site.Url);

        var result = await new Crawler(spider, Options(), JobServices(job, new CollectingPipeline())).RunAsync();

        Assert.Equal(CrawlOutcome.Failed, result.Outcome);
        Assert.Contains(nameof(LambdaSpider), result.Error?.Message, StringComparison.Ordinal);
        Assert.Contains("lambda", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crawl_WithSqliteJob_KeepsTheSessionsCookiesInTheJobFile()
    {
        var path = _folder.File("shop.db");
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            await new Crawler(new ShopSpider(_site.Url), Options(), JobServices(job, new CollectingPipeline())).RunAsync();
        }

        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        var cookie = Assert.Single((await reopened.Sessions.LoadCookiesAsync("default"))!);
        Assert.Equal(("sid", "abc123"), (cookie.Name, cookie.Value));
    }

    // One request at a time, 20 ms apart: items are exported per request once its callback ends, so a crawl at full
    // speed could finish fetching before the pipeline sees the item that stops it.
    private static CrawlOptions Slowed() => new() { ConcurrentRequests = 1, DownloadDelay = TimeSpan.FromMilliseconds(20), ObeyRobotsTxt = false };

    private static CrawlOptions Options() => new() { ConcurrentRequests = 4, DownloadDelay = TimeSpan.Zero, ObeyRobotsTxt = false };

    private static CrawlerServices JobServices(SqliteCrawlJob job, CollectingPipeline pipeline) => new()
    {
        FrontierFactory = job.CreateFrontier,
        DuplicateFilterFactory = job.CreateDuplicateFilter,
        SessionStore = job.Sessions,
        Pipelines = { pipeline },
    };

    private sealed class LambdaSpider(string start) : Spider
    {
        public override async IAsyncEnumerable<Request> StartRequestsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield return new Request(start, response => [response.Url]);
        }
    }
}
