using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scraper.Redis.Tests;

namespace Scraper.Hosting.Tests;

/// <summary>The status page's read of a shared crawl's workers: sent once, and a Redis that does not answer is said, not thrown.</summary>
public sealed class SharedCrawlStatusReadTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task ReadWorkers_BeforeConnectingAndWhileRedisIsDown_SaysSoNamingTheAddress_AndReadsTheRowsOnceItIsBack()
    {
        var host = new ScraperHostOptions { Redis = redis.Configuration, Crawl = "status" + Guid.NewGuid().ToString("N")[..8], Worker = "alpha" };
        await using var shared = new SharedCrawl(Options.Create(host), TimeProvider.System, NullLoggerFactory.Instance);

        var (none, notYet) = await shared.ReadWorkersAsync(TimeSpan.FromSeconds(2), default);
        Assert.Null(none);
        Assert.Contains($"not connected to Redis at {redis.Address}", notYet, StringComparison.Ordinal);

        var crawl = await shared.ConnectAsync(default);
        await crawl.RecordStatsAsync(new Crawling.Stats.CrawlStats("shop", TimeProvider.System).Snapshot(), "Running");
        await redis.RestartAsync(async () =>
        {
            var (stats, problem) = await shared.ReadWorkersAsync(TimeSpan.FromSeconds(2), default);
            Assert.Null(stats);
            Assert.Contains($"Redis at {redis.Address} does not answer", problem, StringComparison.Ordinal);
        });

        // Back (empty: this server keeps nothing across a restart), the next read answers.
        await crawl.RecordStatsAsync(new Crawling.Stats.CrawlStats("shop", TimeProvider.System).Snapshot(), "Running");
        var (back, fine) = await shared.ReadWorkersAsync(TimeSpan.FromSeconds(2), default);
        Assert.Null(fine);
        Assert.Equal("alpha", Assert.Single(back!.Workers).Worker);
    }
}
