using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;

namespace Scraper.Redis.Tests;

/// <summary>The shared politeness scripts, two workers on one fake clock: what one worker learns holds for the other.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisPolitenessTests(RedisServer redis)
{
    private readonly string _crawl = "t" + Guid.NewGuid().ToString("N");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddYears(56));

    [Fact]
    public async Task PauseUntil_RetryAfterSeenByOneWorker_TheOtherWaitsOutThePause()
    {
        await using var first = await redis.ConnectAsync(_crawl, _time);
        await using var second = await redis.ConnectAsync(_crawl, _time);
        var a = Domain(first, new CrawlOptions());
        var b = Domain(second, new CrawlOptions());

        await a.PauseUntilAsync(_time.GetUtcNow() + TimeSpan.FromSeconds(5));
        var (taken, wait) = await b.TryTakeAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        var (_, after) = await b.TryTakeAsync();

        Assert.True(taken);
        Assert.Equal(TimeSpan.FromSeconds(5), wait);
        Assert.Equal(TimeSpan.Zero, after);
    }

    [Fact]
    public async Task TryTake_LimitTwoAcrossTwoWorkers_ThirdPlaceOnlyAfterARelease()
    {
        var options = new CrawlOptions { ConcurrentRequestsPerDomain = 2 };
        await using var first = await redis.ConnectAsync(_crawl, _time);
        await using var second = await redis.ConnectAsync(_crawl, _time);
        var a = Domain(first, options);
        var b = Domain(second, options);

        Assert.True((await a.TryTakeAsync()).Taken);
        var place = await b.AcquireAsync();
        Assert.False((await a.TryTakeAsync()).Taken);
        var released = first.Released(a.Key).Next;
        place.Dispose();
        await released.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True((await a.TryTakeAsync()).Taken);
    }

    [Fact]
    public async Task TryTake_DelayAndCrawlDelay_SpaceSendsAcrossWorkers()
    {
        var options = new CrawlOptions { DownloadDelay = TimeSpan.FromSeconds(1), RandomizeDelay = false };
        await using var first = await redis.ConnectAsync(_crawl, _time);
        await using var second = await redis.ConnectAsync(_crawl, _time);
        var a = Domain(first, options);
        var b = Domain(second, options);

        var (_, now) = await a.TryTakeAsync();
        var (_, next) = await b.TryTakeAsync();
        await b.ApplyCrawlDelayAsync(TimeSpan.FromSeconds(3));
        var (_, third) = await a.TryTakeAsync();
        var (_, fourth) = await b.TryTakeAsync();

        Assert.Equal(TimeSpan.Zero, now);
        Assert.Equal(TimeSpan.FromSeconds(1), next);
        Assert.Equal(TimeSpan.FromSeconds(2), third);
        Assert.Equal(TimeSpan.FromSeconds(5), fourth);
    }

    [Fact]
    public async Task TryTake_WorkerKilledHoldingAPlace_PlaceFreesItselfAfterTheLeaseTimeout()
    {
        var options = new CrawlOptions { ConcurrentRequestsPerDomain = 1 };
        await using var killed = await redis.ConnectAsync(_crawl, _time, TimeSpan.FromSeconds(30));
        await using var live = await redis.ConnectAsync(_crawl, _time, TimeSpan.FromSeconds(30));
        Assert.True((await Domain(killed, options).TryTakeAsync()).Taken);
        var other = Domain(live, options);

        var (full, wait) = await other.TryTakeAsync();
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.False(full);
        Assert.Equal(TimeSpan.FromSeconds(30), wait);
        Assert.True((await other.TryTakeAsync()).Taken);
    }

    private static RedisDomainPoliteness Domain(RedisCrawl crawl, CrawlOptions options) =>
        (RedisDomainPoliteness)crawl.CreatePolitenessState(options, TimeProvider.System).For("shop.test");
}
