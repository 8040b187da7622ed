using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;

namespace Scraper.Redis.Tests;

[Collection(RedisCollection.Name)]
public sealed class RedisFrontierTests(RedisServer redis)
{
    private readonly string _crawl = "t" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task TryDequeue_TwoWorkersOneAtATime_HighestPriorityFirstAndFirstInFirstOutWithin_EachRequestOnce()
    {
        // One request per call (no batch): the shared queue's own order, across workers.
        await using var first = await redis.ConnectAsync(_crawl, prefetch: 1);
        await using var second = await redis.ConnectAsync(_crawl, prefetch: 1);
        await using var a = await OpenAsync(first);
        await using var b = await OpenAsync(second);
        await a.EnqueueAsync(new Request("https://shop.test/low1"));
        await b.EnqueueAsync(new Request("https://shop.test/high", QueueSpider.Shared.Detail) { Priority = 5, Depth = 3 });
        await a.EnqueueAsync(new Request("https://shop.test/low2"));

        var high = await b.TryDequeueAsync();
        var low1 = await a.TryDequeueAsync();
        var low2 = await b.TryDequeueAsync();

        Assert.Equal("/high", high!.Request.Url.AbsolutePath);
        Assert.Equal(3, high.Request.Depth);
        Assert.Equal(nameof(QueueSpider.Detail), high.Request.Callback!.Value.Target.Method.Name);
        Assert.Equal("/low1", low1!.Request.Url.AbsolutePath);
        Assert.Equal("/low2", low2!.Request.Url.AbsolutePath);
        Assert.Null(await a.TryDequeueAsync());
        Assert.Null(await b.TryDequeueAsync());
    }

    [Fact]
    public async Task Lease_KilledWorkerNeverAcknowledges_IsHandedToAnotherAfterTheVisibilityTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var killed = await redis.ConnectAsync(_crawl, time, TimeSpan.FromSeconds(30));
        await using var live = await redis.ConnectAsync(_crawl, time, TimeSpan.FromSeconds(30));
        var dying = (RedisFrontier)await OpenAsync(killed);
        await using var other = await OpenAsync(live);
        await dying.EnqueueAsync(new Request("https://shop.test/a"));
        Assert.NotNull(await dying.TryDequeueAsync());
        await dying.AbandonAsync();

        Assert.Null(await other.TryDequeueAsync());
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(await other.TryDequeueAsync());
        time.Advance(TimeSpan.FromSeconds(2));
        var again = await other.TryDequeueAsync();

        Assert.Equal("/a", again!.Request.Url.AbsolutePath);
    }

    [Fact]
    public async Task ExtendLease_LiveWorkerStillProcessing_KeepsItFromOthers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var slow = await redis.ConnectAsync(_crawl, time, TimeSpan.FromSeconds(30));
        await using var live = await redis.ConnectAsync(_crawl, time, TimeSpan.FromSeconds(30));
        var holder = (RedisFrontier)await OpenAsync(slow);
        await using var other = await OpenAsync(live);
        await holder.EnqueueAsync(new Request("https://shop.test/a"));
        var lease = (await holder.TryDequeueAsync())!;
        // Only the explicit extension from here on.
        await holder.StopHeartbeatForTestAsync();

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await holder.ExtendLeaseAsync(lease));
        time.Advance(TimeSpan.FromSeconds(20));

        Assert.Null(await other.TryDequeueAsync());
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.NotNull(await other.TryDequeueAsync());
        Assert.False(await holder.ExtendLeaseAsync(lease));
        await holder.DisposeAsync();
    }

    [Fact]
    public async Task Heartbeat_LiveWorkerHoldsALeaseFarLongerThanTheTimeout_NobodyElseGetsIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var slow = await redis.ConnectAsync(_crawl, time, TimeSpan.FromSeconds(30));
        await using var live = await redis.ConnectAsync(_crawl, time, TimeSpan.FromSeconds(30));
        await using var holder = (RedisFrontier)await OpenAsync(slow);
        await using var other = await OpenAsync(live);
        await holder.EnqueueAsync(new Request("https://shop.test/a"));
        await holder.MarkStartRequestsSeededAsync();
        var lease = (await holder.TryDequeueAsync())!;

        for (var i = 0; i < 12; i++)
        {
            var beat = holder.Heartbeats.Next;
            time.Advance(TimeSpan.FromSeconds(10));
            await beat.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Null(await other.TryDequeueAsync());
        }

        await holder.AcknowledgeAsync(lease);
        Assert.False(await other.WaitForWorkAsync());
    }

    [Fact]
    public async Task Heartbeat_RedisTimesOutOneBeat_GoesOnExtendingAtTheNextBeats()
    {
        // The client's timeout is a TimeoutException, not a RedisException: a heartbeat that caught only the latter
        // died at the first slow beat, and every lease of the worker expired from then on.
        await using var crawl = await RedisCrawl.ConnectAsync(new RedisCrawlOptions
        {
            Configuration = redis.Configuration + ",asyncTimeout=100,syncTimeout=100",
            Crawl = _crawl,
            LeaseTimeout = TimeSpan.FromSeconds(3),
            RetryTimeout = TimeSpan.Zero,
        });
        await using var holder = (RedisFrontier)await OpenAsync(crawl);
        await holder.EnqueueAsync(new Request("https://shop.test/a"));
        Assert.NotNull(await holder.TryDequeueAsync());
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");

        // Every beat in the next 1.2 s times out on the paused server (the lease itself lasts 3 s).
        var failed = holder.Heartbeats.Next;
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1200", "ALL");
        await failed.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 3; i++)
        {
            var beat = holder.Heartbeats.Next;
            await beat.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var expiry = await admin.GetDatabase().SortedSetScoreAsync($"scraper:{{{_crawl}}}:leases", "0000000000000001");
        Assert.True(expiry > DateTimeOffset.UtcNow.AddSeconds(1.5).ToUnixTimeMilliseconds(), $"The lease was not extended after the timeout: it expires at {expiry}.");
    }

    [Fact]
    public async Task Dispose_WorkerStopsWithLeasesHeld_HandsThemBackAtOnce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var stopping = await redis.ConnectAsync(_crawl, time);
        await using var live = await redis.ConnectAsync(_crawl, time);
        var frontier = await OpenAsync(stopping);
        await using var other = await OpenAsync(live);
        await frontier.EnqueueAsync(new Request("https://shop.test/a"));
        Assert.NotNull(await frontier.TryDequeueAsync());

        await frontier.DisposeAsync();

        Assert.Equal("/a", (await other.TryDequeueAsync())!.Request.Url.AbsolutePath);
    }

    [Fact]
    public async Task WaitForWork_AnotherWorkerHoldsALease_WaitsUntilItEnqueuesThenEndsOnlyWhenNoLeaseIsLeft()
    {
        await using var first = await redis.ConnectAsync(_crawl);
        await using var second = await redis.ConnectAsync(_crawl);
        await using var busy = await OpenAsync(first);
        await using var idle = await OpenAsync(second);
        Assert.False(await busy.HasSeededStartRequestsAsync());
        Assert.True(await idle.HasSeededStartRequestsAsync());
        await busy.EnqueueAsync(new Request("https://shop.test/a"));
        await busy.MarkStartRequestsSeededAsync();
        var lease = (await busy.TryDequeueAsync())!;

        var waiting = idle.WaitForWorkAsync().AsTask();
        await busy.EnqueueAsync(new Request("https://shop.test/b"));
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        var b = (await idle.TryDequeueAsync())!;
        await busy.AcknowledgeAsync(lease);

        var ending = idle.WaitForWorkAsync().AsTask();
        await idle.AcknowledgeAsync(b);
        Assert.True(await ending.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(await idle.WaitForWorkAsync());
        Assert.False(await busy.WaitForWorkAsync());
    }

    [Fact]
    public async Task Open_WorkerRunsAnotherSpider_IsRefusedNamingBoth()
    {
        await using var first = await redis.ConnectAsync(_crawl);
        await using var second = await redis.ConnectAsync(_crawl);
        await using var right = await OpenAsync(first);
        await using var wrong = second.CreateFrontier();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => wrong.OpenAsync(new FrontierContext(new OtherSpider())).AsTask());

        Assert.Contains(nameof(QueueSpider), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(OtherSpider), error.Message, StringComparison.Ordinal);
        await using var same = await OpenAsync(second);
        Assert.Null(await same.TryDequeueAsync());
    }

    private static async Task<IFrontier> OpenAsync(RedisCrawl crawl)
    {
        var frontier = crawl.CreateFrontier();
        await frontier.OpenAsync(QueueSpider.Context());
        return frontier;
    }

    private sealed class OtherSpider : Spider
    {
        public override IEnumerable<object> Parse(Response response) => [];
    }
}
