using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Stats;

namespace Scraper.Redis.Tests;

/// <summary>Each worker's row in Redis says enough for a status page to show the crawl's workers live.</summary>
[Collection(RedisCollection.Name)]
public sealed class WorkerRowsTests(RedisServer redis)
{
    private readonly string _crawl = "r" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Row_OfARunningWorker_HoldsItsLeasesAndHeartbeat_AndIsSilentOnceThreeReportsAreMissed()
    {
        // A whole millisecond: the heartbeat is stored in milliseconds.
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var worker = await ConnectAsync("w1", time);
        await using var frontier = worker.CreateFrontier();
        await frontier.OpenAsync(QueueSpider.Context());
        await frontier.EnqueueAsync(new Request("https://shop.test/a"));
        await frontier.EnqueueAsync(new Request("https://shop.test/b"));
        Assert.NotNull(await frontier.TryDequeueAsync());

        await worker.RecordStatsAsync(Stats(time, pages: 3), "Running", null, TimeSpan.FromSeconds(10), default);

        var row = Assert.Single((await worker.ReadStatsOnceAsync(default)).Workers);
        // Both are leased: the one taken, and the one the batch put in the worker's buffer (alone, it takes both).
        Assert.Equal(("w1", "Running", 3L, 2L), (row.Worker, row.State, row.Responses, row.Leases));
        Assert.Equal(time.GetUtcNow(), row.Heartbeat);
        Assert.Equal(TimeSpan.FromSeconds(10), row.ReportInterval);
        Assert.Null(row.Reason);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(row.IsSilent(time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(row.IsSilent(time.GetUtcNow()));
    }

    [Fact]
    public async Task Row_OfAWorkerWhoseRunFailed_SaysWhyOnOneLine_AndARunStartedAgainClearsIt()
    {
        await using var worker = await ConnectAsync("w1", TimeProvider.System);
        var stats = Stats(TimeProvider.System, pages: 0);

        await worker.RecordStatsAsync(stats, "Failed", "Shared crawl 'x' is finished.\nStart it over with --fresh", TimeSpan.Zero, default);

        var row = Assert.Single((await worker.ReadStatsAsync()).Workers);
        Assert.Equal("Failed", row.State);
        Assert.Equal("Shared crawl 'x' is finished. Start it over with --fresh", row.Reason);
        Assert.False(row.IsSilent(DateTimeOffset.MaxValue));

        await RedisRuns.BeginAsync(worker, "run", DateTimeOffset.UtcNow, default);
        var again = Assert.Single((await worker.ReadStatsAsync()).Workers);
        Assert.Equal("Running", again.State);
        Assert.Null(again.Reason);
    }

    private static CrawlStatsSnapshot Stats(TimeProvider time, long pages) => new CrawlStats("queue", time).Snapshot() with { Responses = pages };

    private Task<RedisCrawl> ConnectAsync(string worker, TimeProvider time) => redis.ConnectAsync(_crawl, time, worker: worker);
}
