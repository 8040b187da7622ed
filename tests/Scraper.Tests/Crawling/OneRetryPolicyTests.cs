using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Http;
using Scraper.Tests.TestSites;
using SessionOptions = Scraper.Http.SessionOptions;

namespace Scraper.Tests.Crawling;

/// <summary>
/// One retry policy: a session used alone, the engine's retry middleware and what a crawl's sessions send
/// themselves (a login) all follow the same <see cref="RetryOptions"/>, set in one place.
/// </summary>
public sealed class OneRetryPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>/down answers 522 for good; /slow 503 with Retry-After: 3600; /login 522 once, then a page.</summary>
    private static Task<KestrelSite> StartSiteAsync(ConcurrentQueue<string> served) =>
        KestrelSite.StartAsync(app =>
        {
            var logins = 0;
            app.Use(async (context, next) =>
            {
                served.Enqueue(context.Request.Path);
                await next(context);
            });
            app.MapGet("/down", () => Results.StatusCode(522));
            app.MapGet("/slow", (HttpContext context) =>
            {
                context.Response.Headers.RetryAfter = "3600";
                return Results.StatusCode(503);
            });
            app.MapGet("/login", () => Interlocked.Increment(ref logins) == 1 ? Results.StatusCode(522) : Results.Content("<p>in</p>", "text/html"));
        });

    /// <summary>The one policy under test: two retries, a short exact backoff, a Retry-After cap of 10 s.</summary>
    private static void Configure(RetryOptions retry, List<RetryArguments> retries)
    {
        retry.MaxRetries = 2;
        retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        retry.MaxRetryAfter = TimeSpan.FromSeconds(10);
        retry.OnRetry = args =>
        {
            lock (retries)
            {
                retries.Add(args);
            }

            return ValueTask.CompletedTask;
        };
    }

    private static async Task<CrawlResult> CrawlAsync(Spider spider, List<RetryArguments> retries, TimeProvider time)
    {
        var options = new CrawlOptions { RandomizeDelay = false, ObeyRobotsTxt = false, StatsInterval = TimeSpan.FromHours(1) };
        Configure(options.Retry, retries);
        options.Session.Timeout = TimeSpan.FromHours(1);
        return await new Crawler(spider, options, new CrawlerServices { TimeProvider = time }).RunAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>A GET through a session used alone, configured with the same policy as the crawls here.</summary>
    private static async Task<(HttpStatusCode Status, List<RetryArguments> Retries)> GetAloneAsync(Uri url, TimeProvider? time = null)
    {
        var retries = new List<RetryArguments>();
        var options = new SessionOptions();
        Configure(options.Retry, retries);
        await using var session = new Session(options, logger: null, time);
        var response = await session.GetAsync(url.AbsoluteUri).WaitAsync(TimeSpan.FromSeconds(10));
        return (response.StatusCode, retries);
    }

    [Fact]
    public async Task Retry_T1_SessionAloneAndCrawlRetryA522ThenGiveUpAfterMaxRetriesAlike()
    {
        var served = new ConcurrentQueue<string>();
        await using var site = await StartSiteAsync(served);
        var (alone, sessionRetries) = await GetAloneAsync(site.At("/down"));
        var sessionHits = served.Count;
        served.Clear();
        var crawlRetries = new List<RetryArguments>();
        var result = await CrawlAsync(new LinkFollowingSpider(site.At("/down")), crawlRetries, TimeProvider.System);

        Assert.Equal((HttpStatusCode)522, alone);
        Assert.Equal(3, sessionHits);
        Assert.Equal(3, served.Count);
        Assert.Equal([0, 1], sessionRetries.Select(r => r.AttemptNumber));
        Assert.Equal([0, 1], crawlRetries.Select(r => r.AttemptNumber));
        Assert.All(sessionRetries.Concat(crawlRetries), r => Assert.Equal(522, r.StatusCode));
        Assert.Equal(sessionRetries.Select(r => r.Delay), crawlRetries.Select(r => r.Delay));
        Assert.Equal(2, result.Stats.Retries);
        Assert.Equal(2, result.Stats.RetriesByReason["522"]);
        Assert.Equal(1, result.Stats.ErrorCount);
    }

    [Fact]
    public async Task Retry_T1_RetryAfterOverTheCapIsWaitedByNeitherTheSessionNorTheCrawl()
    {
        var served = new ConcurrentQueue<string>();
        await using var site = await StartSiteAsync(served);
        // The clock never moves: a wait for the hour the server asked for would never end.
        var time = new FakeTimeProvider(Start);
        var (alone, sessionRetries) = await GetAloneAsync(site.At("/slow"), time);
        var crawlRetries = new List<RetryArguments>();
        var result = await CrawlAsync(new LinkFollowingSpider(site.At("/slow")), crawlRetries, time);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, alone);
        Assert.Equal(2, served.Count);
        Assert.Empty(sessionRetries);
        Assert.Empty(crawlRetries);
        Assert.Equal(1, result.Stats.DroppedRequests["retry-after too long"]);
        Assert.Equal(0, result.Stats.Retries);
    }

    [Fact]
    public async Task Retry_T1_OnePolicyDrivesTheCrawlsPagesAndWhatItsSessionsSendThemselves()
    {
        var served = new ConcurrentQueue<string>();
        await using var site = await StartSiteAsync(served);
        var retries = new List<RetryArguments>();

        var result = await CrawlAsync(new LoginSpider(site.At("/login"), site.At("/down")), retries, TimeProvider.System);

        // The login's 522 is retried by the session, the page's by the engine: both by the crawl's Retry options.
        Assert.Equal(2, served.Count(path => path == "/login"));
        Assert.Equal(3, served.Count(path => path == "/down"));
        Assert.Equal(["/login", "/down", "/down"], retries.Select(r => r.Url.AbsolutePath));
        Assert.Equal(2, result.Stats.Retries);
    }

    private sealed class LoginSpider(Uri login, Uri page) : Spider
    {
        public override IEnumerable<string> StartUrls => [page.AbsoluteUri];

        public override async Task LoginAsync(Session session, CancellationToken cancellationToken = default) =>
            (await session.GetAsync(login.AbsoluteUri, cancellationToken)).EnsureSuccessStatusCode();

        public override IEnumerable<object> Parse(Scraper.Crawling.Response response) => [];
    }
}
