using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scraper.Crawling;
using Scraper.Items;
using Scraper.Tests.TestSites;

namespace Scraper.Tests.Crawling;

/// <summary>Retries pause only what they must: backoff holds the failing request, Retry-After its domain, up to a cap.</summary>
public sealed class RetryPolitenessTests
{
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(30);

    private static async Task<(CrawlResult Result, List<string> Lines)> RunAsync(Spider spider, TimeProvider time, Action<CrawlOptions>? configure = null)
    {
        using var output = new MemoryStream();
        await using var exporter = new JsonLinesExporter(output);
        var options = new CrawlOptions { Retry = { BaseDelay = Backoff }, RandomizeDelay = false, ObeyRobotsTxt = false };
        // Request timeouts run on the same fake clock: longer than any jump, so only the waits under test end.
        options.Session.Timeout = TimeSpan.FromHours(1);
        configure?.Invoke(options);
        var services = new CrawlerServices { Exporters = { exporter }, TimeProvider = time };
        var result = await new Crawler(spider, options, services).RunAsync();
        return (result, [.. Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)]);
    }

    /// <summary>
    /// A site whose <c>/free/1..5</c> chain shares the host with one failing URL; <paramref name="chainServed"/>
    /// completes when the last page of the chain is answered.
    /// </summary>
    private static Task<KestrelSite> StartSiteAsync(ConcurrentQueue<string> served, Func<int, HttpContext, IResult> failing, TaskCompletionSource? chainServed = null, Func<Task>? beforeFreeChain = null) =>
        KestrelSite.StartAsync(app =>
        {
            var calls = 0;
            app.Use(async (context, next) =>
            {
                served.Enqueue(context.Request.Path);
                await next(context);
            });
            app.MapGet("/failing", (HttpContext context) => failing(Interlocked.Increment(ref calls), context));
            app.MapGet("/free/{i:int}", async (int i) =>
            {
                if (i == 1 && beforeFreeChain is not null)
                {
                    await beforeFreeChain();
                }

                if (i == 5)
                {
                    chainServed?.TrySetResult();
                }

                return Results.Content(i < 5 ? $"<a href='/free/{i + 1}'>next</a>" : "<p>end</p>", "text/html");
            });
        });

    [Fact]
    public async Task Retry_BackoffAfterA5xxDelaysThatRequestOnly()
    {
        var served = new ConcurrentQueue<string>();
        var time = new TimerWatchingTimeProvider();
        var chainServed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The chain starts only once /failing is waiting out its backoff, so a pause of the whole domain would hold it.
        await using var site = await StartSiteAsync(
            served,
            (call, _) => call == 1 ? Results.StatusCode(500) : Results.Content("<p>recovered</p>", "text/html"),
            chainServed,
            () => time.TimerCreated(Backoff));

        var crawl = RunAsync(new LinkFollowingSpider(site.At("/failing"), site.At("/free/1")), time);
        await chainServed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, served.Count(path => path == "/failing"));
        time.Advance(Backoff);
        var (result, lines) = await crawl.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(6, lines.Count);
        Assert.Equal(2, served.Count(path => path == "/failing"));
        Assert.Equal(1, result.Stats.Retries);
        Assert.Equal(1, result.Stats.RetriesByReason["500"]);
    }

    [Fact]
    public async Task Retry_RetryAfterLongerThanTheCapDropsTheRequestInsteadOfStallingTheSite()
    {
        var served = new ConcurrentQueue<string>();
        await using var site = await StartSiteAsync(served, (_, context) =>
        {
            context.Response.Headers.RetryAfter = "3600";
            return Results.StatusCode(429);
        });

        // The real clock: nothing may wait for the hour the server asked for.
        var (result, lines) = await RunAsync(new LinkFollowingSpider(site.At("/failing"), site.At("/free/1")), TimeProvider.System).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(5, lines.Count);
        Assert.Equal(1, served.Count(path => path == "/failing"));
        Assert.Equal(1, result.Stats.DroppedRequests["retry-after too long"]);
        Assert.Equal(0, result.Stats.Retries);
        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
    }

    [Fact]
    public async Task Retry_RetryAfterWithinTheCapPausesTheDomain()
    {
        var served = new ConcurrentQueue<string>();
        var time = new TimerWatchingTimeProvider();
        var pause = TimeSpan.FromSeconds(40);
        await using var site = await StartSiteAsync(
            served,
            (call, context) =>
            {
                if (call > 1)
                {
                    return Results.Content("<p>back</p>", "text/html");
                }

                context.Response.Headers.RetryAfter = "40";
                return Results.StatusCode(503);
            });

        var crawl = RunAsync(new LinkFollowingSpider(site.At("/failing"), site.At("/free/1")), time, o => o.ConcurrentRequestsPerDomain = 1);
        await time.TimerCreated(pause).WaitAsync(TimeSpan.FromSeconds(20));
        // One place per domain: /free/1 was sent before the 503 came or waits with the rest of the domain.
        var beforeResume = served.Count(path => path.StartsWith("/free/", StringComparison.Ordinal));
        time.Advance(pause);
        var (result, lines) = await crawl.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(beforeResume <= 1, $"{beforeResume} pages of the paused domain were fetched during the pause");
        Assert.Equal(6, lines.Count);
        Assert.Equal(1, result.Stats.RetriesByReason["503"]);
    }
}
