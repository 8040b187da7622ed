using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Engine;
using Scraper.Crawling.Stats;
using Scraper.Items;
using Scraper.Telemetry;
using Scraper.Tests.Crawling;
using Scraper.Tests.Http;
using WireMock.Server;
using Response = Scraper.Crawling.Response;
using WireRequest = WireMock.RequestBuilders.Request;
using WireResponse = WireMock.ResponseBuilders.Response;

namespace Scraper.Tests.Telemetry;

public sealed class CrawlMetricsTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Dispose();

    private sealed record Page(string Path);

    /// <summary>Follows every link, yields each page's path, and fails on /boom.</summary>
    private sealed class SiteSpider(string start, TaskCompletionSource? holdAtStart = null, TaskCompletionSource? reachedStart = null) : Spider
    {
        public override IEnumerable<string> StartUrls => [start];

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (response.Url.AbsolutePath == "/" && holdAtStart is not null)
            {
                reachedStart!.TrySetResult();
                await holdAtStart.Task.WaitAsync(cancellationToken);
            }

            if (response.Url.AbsolutePath == "/boom")
            {
                throw new InvalidOperationException("the callback broke");
            }

            yield return new Page(response.Url.AbsolutePath);
            foreach (var link in response.FollowAll("a"))
            {
                yield return link;
            }
        }
    }

    private sealed class DropPageA : IItemPipeline
    {
        public async IAsyncEnumerable<object> ProcessAsync(object item, ItemContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            if (item is Page { Path: "/a" })
            {
                throw new DropItemException("unwanted");
            }

            yield return item;
        }
    }

    private void LayOutSite()
    {
        _server.Page("/", "<a href='/a'>a</a><a href='/missing'>m</a><a href='/flaky'>f</a><a href='/boom'>b</a>");
        _server.Page("/a", "A");
        _server.Page("/missing", "gone", status: 404);
        _server.Page("/boom", "boom");
        _server.Given(WireRequest.Create().WithPath("/flaky")).InScenario("flaky").WillSetStateTo("up").RespondWith(WireResponse.Create().WithStatusCode(503));
        _server.Given(WireRequest.Create().WithPath("/flaky")).InScenario("flaky").WhenStateIs("up")
            .RespondWith(WireResponse.Create().WithHeader("Content-Type", "text/html").WithBody("<html><body>ok</body></html>"));
    }

    private static CrawlOptions Options() => new() { ObeyRobotsTxt = false, RandomizeDelay = false, Retry = { BaseDelay = TimeSpan.FromMilliseconds(1) } };

    private Task<CrawlResult> CrawlAsync(ScraperMetrics metrics, Spider spider, CrawlOptions? options = null, CancellationToken cancellationToken = default) =>
        new Crawler(spider, options ?? Options(), new CrawlerServices { Metrics = metrics, Pipelines = [new DropPageA()] }).RunAsync(cancellationToken);

    /// <summary>Starts a crawl of the site and returns once its start page is in the callback, held there until released.</summary>
    private async Task<(Task<CrawlResult> Crawl, TaskCompletionSource Hold)> StartHeldAtStartPageAsync(ScraperMetrics metrics)
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crawl = CrawlAsync(metrics, new SiteSpider(_server.At("/").AbsoluteUri, hold, reached), Options());
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return (crawl, hold);
    }

    [Fact]
    public async Task Crawl_WithListener_CountsRequestsResponsesByClassItemsDropsRetriesErrorsAndBytes()
    {
        LayOutSite();
        using var metrics = new ScraperMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);

        var result = await CrawlAsync(metrics, new SiteSpider(_server.At("/").AbsoluteUri));

        var host = _server.At("/").Host;
        // Six attempts: /, /a, /missing, /boom, and /flaky twice (503, then 200).
        Assert.Equal(6, recorder.Sum("scraper.requests"));
        Assert.All(recorder.Of("scraper.requests"), m =>
        {
            Assert.Equal("site", m.Tag("scraper.spider"));
            Assert.Equal(SpiderSessions.DefaultName, m.Tag("scraper.session"));
            Assert.Equal(host, m.Tag("server.address"));
        });
        Assert.Equal(4, recorder.Sum("scraper.responses", m => (string?)m.Tag("scraper.response.status_class") == "2xx"));
        Assert.Equal(1, recorder.Sum("scraper.responses", m => (string?)m.Tag("scraper.response.status_class") == "4xx" && (int?)m.Tag("http.response.status_code") == 404));
        Assert.Equal(1, recorder.Sum("scraper.responses", m => (string?)m.Tag("scraper.response.status_class") == "5xx"));
        Assert.Equal(1, recorder.Sum("scraper.retries", m => (string?)m.Tag("scraper.retry.reason") == "503"));
        Assert.Equal(2, recorder.Sum("scraper.items"));
        Assert.Equal(1, recorder.Sum("scraper.items.dropped", m => (string?)m.Tag("scraper.drop.reason") == "unwanted"));
        Assert.Equal(1, recorder.Sum("scraper.errors", m => (string?)m.Tag("error.type") == nameof(InvalidOperationException)));
        Assert.Equal(result.Stats.ResponseBytes, recorder.Sum("scraper.response.bytes"));
        Assert.True(result.Stats.ResponseBytes > 0);
        Assert.Equal("By", recorder.Of("scraper.response.bytes")[0].Unit);
    }

    [Fact]
    public async Task DroppedRequests_OverTwoRuns_ObservedByReasonAsTheTotalAndNeverMeasuredPerDrop()
    {
        // Two duplicates a run: the second link to /a, and /a's link back home.
        _server.Page("/", "<a href='/a'>a</a><a href='/a'>again</a>");
        _server.Page("/a", "<a href='/'>home</a>");
        using var metrics = new ScraperMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);

        var first = await CrawlAsync(metrics, new SiteSpider(_server.At("/").AbsoluteUri));
        Assert.Empty(recorder.Of("scraper.requests.dropped"));
        var afterOne = Assert.Single(recorder.Observe("scraper.requests.dropped"));
        await CrawlAsync(metrics, new SiteSpider(_server.At("/").AbsoluteUri));
        var afterTwo = Assert.Single(recorder.Observe("scraper.requests.dropped"));

        Assert.Equal(2, first.Stats.DroppedRequests["duplicate"]);
        Assert.Equal(2, afterOne.Value);
        // A cumulative counter: the ended runs' drops stay in it, so it never goes back when a run ends.
        Assert.Equal(4, afterTwo.Value);
        Assert.Equal("site", afterTwo.Tag("scraper.spider"));
        Assert.Equal("duplicate", afterTwo.Tag("scraper.drop.reason"));
        Assert.Equal("{request}", afterTwo.Unit);
    }

    [Fact]
    public async Task Crawl_WithListener_RecordsDownloadCallbackAndPipelineTimesInSeconds()
    {
        LayOutSite();
        using var metrics = new ScraperMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);

        await CrawlAsync(metrics, new SiteSpider(_server.At("/").AbsoluteUri));

        var downloads = recorder.Of("scraper.download.duration");
        Assert.Equal(6, downloads.Count);
        Assert.All(downloads, m => Assert.InRange(m.Value, 0, 5));
        Assert.Equal("s", downloads[0].Unit);
        Assert.Equal(1, downloads.Count(m => (string?)m.Tag("scraper.response.status_class") == "5xx"));
        // A callback on each 2xx page (/, /a, /flaky, /boom, which throws); the 404 has no errback.
        Assert.Equal(4, recorder.Of("scraper.callback.duration").Count);
        // Three items went into the pipelines (/, /a dropped, /flaky).
        Assert.Equal(3, recorder.Of("scraper.pipeline.duration").Count);
    }

    [Fact]
    public async Task Crawl_WhileRunning_GaugesShowFrontierAndInFlight()
    {
        LayOutSite();
        using var metrics = new ScraperMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);
        var (crawl, hold) = await StartHeldAtStartPageAsync(metrics);

        var inFlight = Assert.Single(recorder.Observe("scraper.requests.active"));
        Assert.Equal(1, inFlight.Value);
        Assert.Equal("site", inFlight.Tag("scraper.spider"));
        Assert.Equal(0, Assert.Single(recorder.Observe("scraper.frontier.size")).Value);
        Assert.Single(metrics.Runs);
        hold.SetResult();
        await crawl;

        // The run is over: nothing is reported for it any more.
        Assert.Empty(recorder.Observe("scraper.requests.active"));
        Assert.Empty(metrics.Runs);
    }

    [Fact]
    public async Task Crawl_WhileRunning_CountsAreMeasuredWhenAListenerCollectsNotPerRequest()
    {
        LayOutSite();
        using var metrics = new ScraperMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);
        var (crawl, hold) = await StartHeldAtStartPageAsync(metrics);

        // The start page is in its callback: counted by the run, not yet measured.
        Assert.Empty(recorder.Of("scraper.requests"));
        recorder.Observe("scraper.requests.active");
        var sent = Assert.Single(recorder.Of("scraper.requests"));
        Assert.Equal(1, sent.Value);
        Assert.Equal(_server.At("/").Host, sent.Tag("server.address"));
        Assert.Equal(200, Assert.Single(recorder.Of("scraper.responses")).Tag("http.response.status_code"));
        // A second collection measures only what was counted since the first.
        recorder.Observe("scraper.requests.active");
        Assert.Single(recorder.Of("scraper.requests"));
        hold.SetResult();
        await crawl;

        // The rest is measured when the run ends, so a run's own meter loses nothing to the last collection.
        Assert.Equal(6, recorder.Sum("scraper.requests"));
        Assert.Equal(2, recorder.Sum("scraper.items"));
    }

    [Fact]
    public void Measurements_PastTheDomainLimit_ReportOtherAndKeepTheCounts()
    {
        using var metrics = new ScraperMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);
        var measurements = new CrawlMeasurements(metrics, "broad");

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < ScraperMetrics.MaxDomains + 50; i++)
            {
                var url = new Uri($"https://site{i}.test/");
                var series = measurements.RequestSent(url, "default");
                measurements.ResponseDownloaded(series, 200, 10);
                measurements.Downloaded(series, TimeSpan.FromMilliseconds(5), 200, null);
            }
        }

        measurements.Publish();

        var requests = recorder.Of("scraper.requests");
        Assert.Equal(2 * (ScraperMetrics.MaxDomains + 50), requests.Sum(m => m.Value));
        Assert.Equal(ScraperMetrics.MaxDomains + 1, requests.Select(m => m.Tag("server.address")).Distinct().Count());
        Assert.Equal(100, requests.Single(m => (string?)m.Tag("server.address") == TagLimiter.Overflow).Value);
        Assert.Equal(20 * (ScraperMetrics.MaxDomains + 50), recorder.Sum("scraper.response.bytes"));
        var downloads = recorder.Of("scraper.download.duration");
        Assert.Equal(2 * (ScraperMetrics.MaxDomains + 50), downloads.Count);
        Assert.All(downloads, m => Assert.Equal("2xx", m.Tag("scraper.response.status_class")));
        Assert.Equal(100, downloads.Count(m => (string?)m.Tag("server.address") == TagLimiter.Overflow));
    }

    [Fact]
    public async Task Gauges_DomainPausedAndBrowserPages_ReportTheLiveRunsState()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var metrics = new ScraperMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);
        using var slots = new DomainSlots(new CrawlOptions(), time);
        var stats = new CrawlStats("shop", time, metrics);
        var frontier = 7L;
        using (metrics.Track(new LiveCrawl(stats, time, () => frontier, () => 2, slots.Paused)))
        {
            await slots.For(new Uri("https://shop.test/")).PauseUntilAsync(time.GetUtcNow().AddSeconds(30));
            slots.For(new Uri("https://other.test/"));
            stats.BrowserPageOpened();
            stats.BrowserPageOpened();
            stats.BrowserPageClosed();

            Assert.Equal(1, Assert.Single(recorder.Observe("scraper.domains.paused")).Value);
            Assert.Equal(1, Assert.Single(recorder.Observe("scraper.browser.pages.open")).Value);
            Assert.Equal(7, Assert.Single(recorder.Observe("scraper.frontier.size")).Value);
            Assert.Equal([new DomainPause("shop.test", time.GetUtcNow().AddSeconds(30))], metrics.Runs.Single().PausedDomains);

            time.Advance(TimeSpan.FromSeconds(31));
            Assert.Equal(0, Assert.Single(recorder.Observe("scraper.domains.paused")).Value);
        }

        Assert.Empty(recorder.Observe("scraper.domains.paused"));
    }

    [Fact]
    public async Task Crawl_WithoutListener_MeasuresNothing()
    {
        LayOutSite();
        using var metrics = new ScraperMetrics();

        var result = await CrawlAsync(metrics, new SiteSpider(_server.At("/").AbsoluteUri));

        Assert.Equal(6, result.Stats.Requests);
        // Tags are only built for a measurement a listener takes: the bounded tag values were never looked up.
        Assert.Equal(0, metrics.Domains.Count);
        Assert.Equal(0, metrics.Sessions.Count);
    }

    [Fact]
    public void TagLimiter_PastCapacity_ReportsOtherAndKeepsKnownValues()
    {
        var limiter = new TagLimiter(2);

        Assert.Equal("a.test", limiter.Of("a.test"));
        Assert.Equal("b.test", limiter.Of("b.test"));
        Assert.Equal(TagLimiter.Overflow, limiter.Of("c.test"));
        Assert.Equal("a.test", limiter.Of("A.TEST"));
        Assert.Equal(2, limiter.Count);
    }

    [Fact]
    public void Error_WithUrl_IsKeptAmongTheLastTwentyWithTheUrlRedacted()
    {
        var stats = new CrawlStats("shop", TimeProvider.System, new ScraperMetrics());
        for (var i = 0; i < 25; i++)
        {
            stats.Error(new InvalidOperationException($"failure {i}"), new Uri($"https://shop.test/p/{i}?token=secret"));
        }

        var errors = stats.RecentErrors();
        Assert.Equal(20, errors.Count);
        Assert.Equal("failure 5", errors[0].Message);
        Assert.Equal(nameof(InvalidOperationException), errors[^1].Type);
        Assert.Equal("https://shop.test/p/24?token=***", errors[^1].Url);
    }
}
