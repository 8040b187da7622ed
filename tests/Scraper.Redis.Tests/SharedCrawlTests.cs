using System.Diagnostics;
using Scraper.Crawling;
using Scraper.Http;

namespace Scraper.Redis.Tests;

/// <summary>Several workers (crawlers in this process, each with its own Redis connection) on one crawl of one site.</summary>
[Collection(RedisCollection.Name)]
public sealed class SharedCrawlTests(RedisServer redis)
{
    private readonly string _crawl = "t" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Crawl_FourWorkersOneSite_FetchEveryPageOnceBetweenThemAndAddUpTheirStats()
    {
        await using var site = new SharedSite { Pages = 30 };
        await site.StartAsync();

        var results = await CrawlAsync(site, workers: 4, configure: options => options.ConcurrentRequestsPerDomain = 8);

        Assert.All(results, result => Assert.Equal(CrawlOutcome.Completed, result.Outcome));
        Assert.Equal(site.PagePaths.Order(), site.Hits.Keys.Order());
        Assert.All(site.Hits, hit => Assert.Equal(1, hit.Value));
        // Work was shared, not done by one worker while the others waited.
        Assert.True(results.Count(result => result.Stats.Responses > 0) >= 2, string.Join(", ", results.Select(result => result.Stats.Responses)));
        await using var reader = await redis.ConnectAsync(_crawl);
        var stats = await reader.ReadStatsAsync();
        Assert.Equal(4, stats.Workers.Count);
        Assert.Equal(site.Pages + 1, stats.Responses);
    }

    [Fact]
    public async Task Politeness_LimitFourAndFourWorkers_SiteNeverSeesMoreThanFourAtOnce()
    {
        await using var site = new SharedSite { Pages = 40, Latency = TimeSpan.FromMilliseconds(30) };
        await site.StartAsync();

        await CrawlAsync(site, workers: 4, configure: options => options.ConcurrentRequestsPerDomain = 4);

        // Counted by the server; without the shared limit four workers send up to sixteen at once.
        Assert.InRange(site.MaxInFlight, 2, 4);
        Assert.Equal(site.Pages + 1, site.Hits.Count);
    }

    [Fact]
    public async Task Politeness_RetryAfterSeenByOneWorker_PausesTheDomainForAll()
    {
        await using var site = new SharedSite { Pages = 30, TooManyRequestsPage = 1 };
        await site.StartAsync();

        await CrawlAsync(site, workers: 3, configure: options =>
        {
            options.ConcurrentRequestsPerDomain = 3;
            options.Retry.MaxRetries = 2;
        });

        Assert.NotEqual(0, site.TooManyRequestsAt);
        // Requests already on their way when the 429 was answered arrive within a few milliseconds; after that no
        // worker sends anything until the second of Retry-After is over.
        var quiet = site.Arrivals
            .Select(arrival => Stopwatch.GetElapsedTime(site.TooManyRequestsAt, arrival.At))
            .Where(after => after > TimeSpan.FromMilliseconds(150) && after < TimeSpan.FromMilliseconds(950))
            .ToList();
        Assert.Empty(quiet);
        Assert.Equal(2, site.Hits["/p/1"]);
        Assert.Equal(site.Pages + 1, site.Hits.Count);
    }

    [Fact]
    public async Task Login_ThreeWorkers_LogInOnceForTheWholeCrawl()
    {
        await using var site = new SharedSite { Pages = 20, RequireLogin = true };
        await site.StartAsync();

        var results = await CrawlAsync(site, workers: 3, spider: start => new MembersSpider(start));

        Assert.Equal(1, site.Logins);
        Assert.All(results, result => Assert.Equal(CrawlOutcome.Completed, result.Outcome));
        Assert.All(site.Hits, hit => Assert.Equal(1, hit.Value));
        Assert.Equal(site.Pages + 1, site.Hits.Count);
    }

    [Fact]
    public async Task Login_SiteForgetsTheSessionMidCrawl_ExactlyOneReloginWhileTheOtherWorkersWaitAndReuseIt()
    {
        await using var site = new SharedSite { Pages = 30, RequireLogin = true, ForgetSessionAfter = 8 };
        await site.StartAsync();

        var results = await CrawlAsync(site, workers: 3, spider: start => new MembersSpider(start));

        Assert.Equal(2, site.Logins);
        Assert.All(results, result => Assert.Equal(CrawlOutcome.Completed, result.Outcome));
        Assert.True(site.Pages + 1 == site.Hits.Count, string.Join(", ", site.PagePaths.Except(site.Hits.Keys)) + " | " + string.Join("; ", results.Select(r => string.Join(",", r.Stats.DroppedRequests.Select(d => d.Key + "=" + d.Value)) + " / " + string.Join(",", r.Stats.Errors.Select(d => d.Key + "=" + d.Value)))));
    }

    [Fact]
    public async Task Cancel_WorkerStopsWithLeasesHeld_HandsThemBackAtOnce()
    {
        await using var site = new SharedSite { Pages = 6, Gate = new TaskCompletionSource() };
        await site.StartAsync();
        await using var stopping = await redis.ConnectAsync(_crawl, worker: "stopping");
        using var stop = new CancellationTokenSource();

        var run = new Crawler(new SiteSpider(site.Address), Options(options => options.ConcurrentRequestsPerDomain = 2), Services(stopping)).RunAsync(stop.Token);
        await site.WaitForGatedAsync(2);
        await stop.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CrawlOutcome.Cancelled, result.Outcome);
        // The lease timeout is a minute: only a hand-back makes the two requests in flight available now.
        await using var other = await redis.ConnectAsync(_crawl);
        await using var frontier = other.CreateFrontier();
        await frontier.OpenAsync(new Scraper.Crawling.Scheduling.FrontierContext(new SiteSpider(site.Address)));
        var waiting = new List<string>();
        while (await frontier.TryDequeueAsync() is { } lease)
        {
            waiting.Add(lease.Request.Url.AbsolutePath);
            await frontier.AcknowledgeAsync(lease);
        }

        // The pages held at the server are among them (a "/" whose links were not all scheduled yet is too), and
        // once they are done no lease is left anywhere: the crawl is over.
        Assert.True(waiting.Count(path => path.StartsWith("/p/", StringComparison.Ordinal)) >= 2, string.Join(", ", waiting));
        Assert.False(await frontier.WaitForWorkAsync());
    }

    [Fact]
    public async Task Connect_RedisUnreachable_FailsAtOnceNamingTheAddress()
    {
        var port = RedisServer.FreePort();

        var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => RedisCrawl.ConnectAsync(
            new RedisCrawlOptions { Configuration = $"127.0.0.1:{port},password=hunter2", Crawl = "books", ConnectTimeout = TimeSpan.FromSeconds(2) }));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admit_TwoWorkersFindOneLink_OnlyOneQueuesIt()
    {
        await using var first = await redis.ConnectAsync(_crawl);
        await using var second = await redis.ConnectAsync(_crawl);
        await using var a = first.CreateDuplicateFilter();
        await using var b = second.CreateDuplicateFilter();
        await using var queueA = first.CreateFrontier();
        await using var queueB = second.CreateFrontier();
        await queueA.OpenAsync(QueueSpider.Context());
        await queueB.OpenAsync(QueueSpider.Context());
        var request = new Request("https://shop.test/a");
        var fingerprint = Scraper.Crawling.Scheduling.RequestFingerprint.Compute(request);

        // Both look the link up before either queues it: the fingerprint goes in with the request, atomically.
        Assert.All(await Task.WhenAll(a.TryAddAsync(fingerprint).AsTask(), b.TryAddAsync(fingerprint).AsTask()), Assert.True);
        await Task.WhenAll(queueA.EnqueueAsync(request).AsTask(), queueB.EnqueueAsync(request).AsTask());

        Assert.NotNull(await queueA.TryDequeueAsync());
        Assert.Null(await queueB.TryDequeueAsync());
        await using var third = await redis.ConnectAsync(_crawl);
        await using var c = third.CreateDuplicateFilter();
        Assert.False(await c.TryAddAsync(fingerprint));
    }

    private async Task<CrawlResult[]> CrawlAsync(SharedSite site, int workers, Action<CrawlOptions>? configure = null, Func<Uri, Spider>? spider = null)
    {
        var connections = new List<RedisCrawl>();
        try
        {
            for (var i = 0; i < workers; i++)
            {
                connections.Add(await redis.ConnectAsync(_crawl, worker: $"w{i}"));
            }

            var runs = connections.Select(async connection =>
            {
                var crawler = new Crawler(spider?.Invoke(site.Address) ?? new SiteSpider(site.Address), Options(configure), Services(connection));
                var result = await crawler.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
                await connection.RecordStatsAsync(result.Stats);
                return result;
            });
            return await Task.WhenAll(runs);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static CrawlOptions Options(Action<CrawlOptions>? configure)
    {
        var options = new CrawlOptions { ObeyRobotsTxt = false, RandomizeDelay = false, StatsInterval = TimeSpan.FromHours(1) };
        configure?.Invoke(options);
        return options;
    }

    private static CrawlerServices Services(RedisCrawl connection) => WorkerServices.Of(connection);

    private sealed class SiteSpider(Uri start) : Spider
    {
        public override IEnumerable<string> StartUrls => [start.AbsoluteUri];

        public override IEnumerable<object> Parse(Response response) => response.FollowAll("a");
    }

    private sealed class MembersSpider(Uri start) : Spider
    {
        public override IEnumerable<string> StartUrls => [start.AbsoluteUri];

        public override LoggedOutDetector LoggedOut => LoggedOutDetector.RedirectTo("/login-page");

        public override async Task LoginAsync(Session session, CancellationToken cancellationToken = default) =>
            await session.GetAsync(new Uri(start, "/login").AbsoluteUri, cancellationToken);

        public override IEnumerable<object> Parse(Response response) => response.FollowAll("a");
    }
}
