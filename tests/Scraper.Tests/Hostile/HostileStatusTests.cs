using Microsoft.Extensions.Logging;

namespace Scraper.Tests.Hostile;

/// <summary>Hostile statuses: storms, throttling with Retry-After, redirect loops and chains.</summary>
public sealed class HostileStatusTests
{
    [Fact]
    public async Task Crawl_500StormThatRecovers_ItemExportedOnceAndRetriesCounted()
    {
        await using var site = await HostileSite.StartAsync("/storm");

        var run = await HostileCrawl.RunAsync(site);

        run.AssertCompletedWithEveryGoodItemOnce(site.At("/storm"));
        Assert.Equal(HostileFaults.StormFailures + 1, site.HitsOf("/storm").Count);
        Assert.Equal(HostileFaults.StormFailures, run.Stats.Retries);
        Assert.Equal(HostileFaults.StormFailures, run.Stats.RetriesByReason["500"]);
        Assert.Equal(HostileFaults.StormFailures, run.Stats.ResponsesByStatus[500]);
        Assert.Equal(0, run.Stats.ErrorCount);
        run.AssertLogged(site.At("/storm"), LogLevel.Information);
    }

    /// <summary>
    /// Retry-After as seconds ("1") and as an HTTP date two seconds ahead (whole seconds, so at least one second):
    /// the request is retried once, after the pause.
    /// </summary>
    [Theory]
    [InlineData("/throttle/seconds", 429)]
    [InlineData("/throttle/date", 503)]
    public async Task Crawl_ThrottledWithRetryAfter_RetriedAfterThePause(string path, int status)
    {
        await using var site = await HostileSite.StartAsync(path);

        var run = await HostileCrawl.RunAsync(site);

        run.AssertCompletedWithEveryGoodItemOnce(site.At(path));
        var hits = site.HitsOf(path);
        Assert.Equal(2, hits.Count);
        var waited = TimeProvider.System.GetElapsedTime(hits[0].Timestamp, hits[1].Timestamp);
        // A little slack for timer granularity: the server stamps arrival, the client armed its timer earlier.
        Assert.True(waited >= TimeSpan.FromMilliseconds(900), $"Retried after {waited}, before the second the server asked for");
        Assert.Equal(1, run.Stats.Retries);
        Assert.Equal(1, run.Stats.RetriesByReason[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(1, run.Stats.ResponsesByStatus[status]);
        run.AssertLogged(site.At(path), LogLevel.Information);
    }

    /// <summary>Retry-After: 3600 against a cap of 10 s: the request is dropped at once, the rest of the site keeps its pace.</summary>
    [Fact]
    public async Task Crawl_429WithRetryAfterTooLong_DroppedAsRetryAfterTooLongInsteadOfStallingTheSite()
    {
        await using var site = await HostileSite.StartAsync("/throttle/long");

        var run = await HostileCrawl.RunAsync(site, options => options.Retry.MaxRetryAfter = TimeSpan.FromSeconds(10), bound: TimeSpan.FromSeconds(15));

        run.AssertCompletedWithEveryGoodItemOnce();
        Assert.Single(site.HitsOf("/throttle/long"));
        Assert.Equal(1, run.Stats.DroppedRequests.GetValueOrDefault("retry-after too long"));
        Assert.Equal(0, run.Stats.Retries);
        Assert.True(run.Stats.Elapsed < TimeSpan.FromSeconds(10), $"The crawl took {run.Stats.Elapsed}");
        run.AssertLogged(site.At("/throttle/long"));
    }

    [Fact]
    public async Task Crawl_RedirectLoop_RefusedWhenItComesBackAndTheCrawlGoesOn()
    {
        await using var site = await HostileSite.StartAsync("/redirect/loop-a");

        var run = await HostileCrawl.RunAsync(site);

        run.AssertCompletedWithEveryGoodItemOnce();
        // The crawl follows hops itself and sees the chain come back to a page it holds: refused there, not after 30 hops.
        run.AssertErrorCounted("RedirectRejectedException");
        Assert.Single(site.HitsOf("/redirect/loop-a"));
        Assert.Single(site.HitsOf("/redirect/loop-b"));
        run.AssertLogged(site.At("/redirect/loop-a"));
    }

    [Fact]
    public async Task Crawl_100HopRedirectChain_TooManyRedirectsCountedAndTheCrawlGoesOn()
    {
        await using var site = await HostileSite.StartAsync("/redirect/chain/0");

        var run = await HostileCrawl.RunAsync(site);

        run.AssertCompletedWithEveryGoodItemOnce();
        run.AssertErrorCounted("TooManyRedirectsException");
        Assert.Equal(31, site.Hits.Count(hit => hit.Path.StartsWith("/redirect/chain/", StringComparison.Ordinal)));
        Assert.Empty(site.HitsOf("/redirect/chain/100"));
        run.AssertLogged(site.At("/redirect/chain/0"));
    }
}
