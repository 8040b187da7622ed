using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scraper.Crawling;
using Scraper.Crawling.Downloading.Proxies;
using Scraper.Items;
using Scraper.Tests.TestSites;
using Response = Scraper.Crawling.Response;

namespace Scraper.Tests.Proxies;

/// <summary>Whole crawls through Scraper:Proxies: two loopback forward proxies that count what they forward.</summary>
public sealed class ProxyCrawlTests
{
    private sealed record Page(string Path, string Session, string Via);

    /// <summary>Sends <paramref name="pages"/> requests per declared session and yields what the site saw of each.</summary>
    private sealed class SessionsSpider(Uri site, int pages, params string[] sessions) : Spider
    {
        public override string Name => "proxied";

        public override void ConfigureSessions(SpiderSessions declared)
        {
            foreach (var name in sessions)
            {
                declared.Add(name);
            }
        }

        public override async IAsyncEnumerable<Request> StartRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            for (var i = 0; i < pages; i++)
            {
                foreach (var name in sessions)
                {
                    yield return new Request(new Uri(site, $"/{name}/{i}")) { Session = name };
                }
            }
        }

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield return new Page(response.Url.AbsolutePath, response.Request.Session ?? SpiderSessions.DefaultName, response.Text);
        }
    }

    private sealed class Collector : IItemPipeline
    {
        public List<Page> Pages { get; } = [];

        public async IAsyncEnumerable<object> ProcessAsync(object item, ItemContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            lock (Pages)
            {
                Pages.Add((Page)item);
            }

            yield return item;
        }
    }

    private static async Task<(CrawlResult Result, List<Page> Pages)> CrawlAsync(Spider spider, Action<CrawlOptions> configure, params ForwardProxy[] proxies)
    {
        var options = new CrawlOptions { Retry = { BaseDelay = TimeSpan.Zero }, RandomizeDelay = false, ObeyRobotsTxt = false };
        foreach (var proxy in proxies)
        {
            options.Proxies.Urls.Add(proxy.Url);
        }

        configure(options);
        var collector = new Collector();
        var result = await new Crawler(spider, options, new CrawlerServices { Pipelines = { collector } }).RunAsync();
        return (result, collector.Pages);
    }

    private static Task<KestrelSite> StartSiteAsync() =>
        KestrelSite.StartAsync(app => app.MapGet("/{**path}", (HttpContext context) => Results.Text(context.Request.Headers.Via.ToString())));

    [Fact]
    public async Task Crawl_TwoSessionsTwoProxies_EachSessionsPagesGoThroughItsOwnProxy()
    {
        await using var site = await StartSiteAsync();
        await using var first = await ForwardProxy.StartAsync("first", "alice", "pw-1");
        await using var second = await ForwardProxy.StartAsync("second", "bob", "pw-2");

        var (result, pages) = await CrawlAsync(new SessionsSpider(site.Address, 5, "a", "b"), _ => { }, first, second);

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal(10, pages.Count);
        // Each session sticks to one proxy, and the two sessions spread over the two (the unused default session takes none).
        var viaOf = pages.GroupBy(page => page.Session).ToDictionary(group => group.Key, group => Assert.Single(group.Select(page => page.Via).Distinct()));
        Assert.Equal(["1.1 first", "1.1 second"], viaOf.Values.Order());
        Assert.Equal(5, first.Forwarded);
        Assert.Equal(5, second.Forwarded);
    }

    [Fact]
    public async Task Crawl_ProxyAnswering403s_IsRetiredAndTheOtherProxyCarriesItsSessionsRetriedRequests()
    {
        await using var site = await StartSiteAsync();
        await using var first = await ForwardProxy.StartAsync("first");
        await using var second = await ForwardProxy.StartAsync("second");
        first.Mode = ProxyMode.Block;

        var (result, pages) = await CrawlAsync(new SessionsSpider(site.Address, 6, "a"), options =>
        {
            options.Proxies.MaxFailures = 2;
            // Blocked pages are sent again, through the session's proxy of the moment.
            options.Retry.StatusCodes.Add(403);
        }, first, second);

        Assert.Equal(6, pages.Count);
        Assert.All(pages, page => Assert.Equal("1.1 second", page.Via));
        Assert.Equal(0, first.Forwarded);
        // At least MaxFailures blocks; more when pages were in flight on it, or retried on it before it was retired.
        Assert.True(first.Refused >= 2);
        Assert.Equal(6, second.Forwarded);
        Assert.Equal(1, result.Stats.Events["proxy/retired"]);
        Assert.Equal(1, result.Stats.Events["proxy/moved"]);
    }

    [Fact]
    public async Task Crawl_EveryProxyRetired_RemainingRequestsFailAsProxiesExhaustedAndTheCrawlEnds()
    {
        await using var site = await StartSiteAsync();
        await using var only = await ForwardProxy.StartAsync("only");
        only.Mode = ProxyMode.Block;

        var (result, pages) = await CrawlAsync(new SessionsSpider(site.Address, 5, "a"), options =>
        {
            options.ConcurrentRequests = 1;
            options.Proxies.MaxFailures = 1;
        }, only);

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Empty(pages);
        Assert.Equal(1, only.Refused);
        Assert.Equal(4, result.Stats.Events["proxy/exhausted"]);
        Assert.Equal(4, result.Stats.Errors[nameof(ProxiesExhaustedException)]);
    }

    [Fact]
    public async Task Crawl_TwoProxies_PolitenessSlotIsPerProxyAndHost()
    {
        var barrier = new Barrier(TimeSpan.FromSeconds(5));
        await using var site = await KestrelSite.StartAsync(app => app.MapGet("/{**path}", (Delegate)barrier.EnterAsync));
        await using var first = await ForwardProxy.StartAsync("first");
        await using var second = await ForwardProxy.StartAsync("second");

        var (_, pages) = await CrawlAsync(new SessionsSpider(site.Address, 1, "a", "b"), options => options.ConcurrentRequestsPerDomain = 1, first, second);

        // One request in flight per host, but the two proxies are two clients to the site: both were in at once.
        Assert.Equal(2, pages.Count);
        Assert.Equal(2, barrier.MostInFlight);
    }

    [Fact]
    public async Task Crawl_TwoSessionsOneProxy_ShareOnePolitenessSlot()
    {
        var barrier = new Barrier(TimeSpan.FromMilliseconds(300));
        await using var site = await KestrelSite.StartAsync(app => app.MapGet("/{**path}", (Delegate)barrier.EnterAsync));
        await using var only = await ForwardProxy.StartAsync("only");

        var (_, pages) = await CrawlAsync(new SessionsSpider(site.Address, 1, "a", "b"), options => options.ConcurrentRequestsPerDomain = 1, only);

        Assert.Equal(2, pages.Count);
        Assert.Equal(1, barrier.MostInFlight);
    }

    /// <summary>Holds each request until two are in at once (or a timeout passes), and remembers the most in flight.</summary>
    private sealed class Barrier(TimeSpan timeout)
    {
        private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _most;

        public int MostInFlight => Volatile.Read(ref _most);

        public async Task<IResult> EnterAsync(HttpContext context)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (_both)
            {
                _most = Math.Max(_most, now);
            }

            if (now >= 2)
            {
                _both.TrySetResult();
            }

            try
            {
                await _both.Task.WaitAsync(timeout, context.RequestAborted);
            }
            catch (TimeoutException)
            {
                // Alone: the other request waits in the same slot.
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }

            return Results.Text(context.Request.Headers.Via.ToString());
        }
    }
}
