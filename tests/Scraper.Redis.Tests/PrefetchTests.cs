using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;
using Scraper.Items;
using StackExchange.Redis;

namespace Scraper.Redis.Tests;

/// <summary>
/// The frontier leases requests in batches (<see cref="RedisCrawlOptions.Prefetch"/>) and serves them from the
/// worker's buffer: at most its fair share, in the queue's order, and every buffered request still leased (extended,
/// handed back, or expired for another worker like one in flight).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class PrefetchTests(RedisServer redis) : IAsyncLifetime
{
    private readonly string _crawl = "p" + Guid.NewGuid().ToString("N");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-prefetch-").FullName;
    private ConnectionMultiplexer _reader = null!;

    private IDatabase Database => _reader.GetDatabase();

    private string Queue => $"scraper:{{{_crawl}}}:queue";

    private string Leases => $"scraper:{{{_crawl}}}:leases";

    public async Task InitializeAsync() => _reader = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);

    public async Task DisposeAsync()
    {
        await _reader.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TryDequeue_PrefetchThree_LeasesAtMostThreePerScriptCall_AndServesThemInPriorityThenFifoOrder()
    {
        await using var crawl = await redis.ConnectAsync(_crawl, _time, prefetch: 3);
        await using var frontier = await OpenAsync(crawl);
        foreach (var (path, priority) in new[] { ("low1", 0), ("low2", 0), ("high", 5), ("low3", 0), ("low4", 0) })
        {
            await frontier.EnqueueAsync(new Request($"https://shop.test/{path}") { Priority = priority });
        }

        var first = await frontier.TryDequeueAsync();

        Assert.Equal("/high", first!.Request.Url.AbsolutePath);
        Assert.Equal((2, 3), (frontier.Buffered, frontier.Held));
        Assert.Equal(3, await Database.SortedSetLengthAsync(Leases));
        Assert.Equal(2, await Database.SortedSetLengthAsync(Queue));
        // Admitted after the batch: it waits for the buffer (why the buffer is kept small).
        await frontier.EnqueueAsync(new Request("https://shop.test/urgent") { Priority = 9 });
        Assert.Equal(5, frontier.Count);
        var served = new List<string> { first.Request.Url.AbsolutePath };
        while (await frontier.TryDequeueAsync() is { } lease)
        {
            served.Add(lease.Request.Url.AbsolutePath);
        }

        Assert.Equal(["/high", "/low1", "/low2", "/urgent", "/low3", "/low4"], served);
        Assert.Equal((0, 6), (frontier.Count, frontier.Held));
    }

    [Fact]
    public async Task TryDequeue_TwoWorkersFourWaitingPrefetch16_TheFirstTakesItsFairShareOfTwo_AndTheIdleOneGetsWork()
    {
        await using var first = await redis.ConnectAsync(_crawl, _time);
        await using var second = await redis.ConnectAsync(_crawl, _time);
        await using var busy = await OpenAsync(first);
        // Open and idle: it holds no lease, yet it counts among the live workers.
        await using var idle = await OpenAsync(second);
        for (var i = 0; i < 4; i++)
        {
            await busy.EnqueueAsync(new Request($"https://shop.test/{i}"));
        }

        Assert.NotNull(await busy.TryDequeueAsync());
        Assert.Equal(2, busy.Held);
        var taken = new List<FrontierLease>();
        while (await idle.TryDequeueAsync() is { } lease)
        {
            taken.Add(lease);
        }

        Assert.Equal(["/2", "/3"], taken.Select(lease => lease.Request.Url.AbsolutePath));
        Assert.Equal(1, busy.Buffered);
    }

    [Fact]
    public async Task TryDequeue_OtherWorkerStoppedInOrderOrWasKilled_NoLongerCounts_TheLastOneTakesAFullBatch()
    {
        // The last worker's own leases outlast the killed one's timeout without depending on its heartbeat.
        await using var first = await redis.ConnectAsync(_crawl, _time, TimeSpan.FromMinutes(5));
        await using var second = await redis.ConnectAsync(_crawl, _time, TimeSpan.FromSeconds(30));
        await using var third = await redis.ConnectAsync(_crawl, _time, TimeSpan.FromSeconds(30));
        await using var last = await OpenAsync(first);
        var stopped = await OpenAsync(second);
        var killed = await OpenAsync(third);
        for (var i = 0; i < 12; i++)
        {
            await last.EnqueueAsync(new Request($"https://shop.test/{i}"));
        }

        await stopped.DisposeAsync();
        await killed.AbandonAsync();
        Assert.NotNull(await last.TryDequeueAsync());
        // Two live workers (the killed one still counts until its lease timeout): half of the 12 waiting.
        Assert.Equal(6, last.Held);
        _time.Advance(TimeSpan.FromSeconds(31));
        await DrainBufferAsync(last);
        Assert.NotNull(await last.TryDequeueAsync());

        Assert.Equal(12, last.Held);
    }

    [Fact]
    public async Task Dispose_WorkerStopsWithABufferedBatch_HandsEveryBufferedRequestBackAtOnce()
    {
        await using var stopping = await redis.ConnectAsync(_crawl, _time);
        await using var live = await redis.ConnectAsync(_crawl, _time);
        var frontier = await OpenAsync(stopping);
        foreach (var path in new[] { "a", "b", "c" })
        {
            await frontier.EnqueueAsync(new Request($"https://shop.test/{path}"));
        }

        Assert.NotNull(await frontier.TryDequeueAsync());
        Assert.Equal(2, frontier.Buffered);
        await using var other = await OpenAsync(live);

        await frontier.DisposeAsync();

        // No time passes: handed back, not expired.
        var again = new List<string>();
        while (await other.TryDequeueAsync() is { } lease)
        {
            again.Add(lease.Request.Url.AbsolutePath);
        }

        Assert.Equal(["/a", "/b", "/c"], again);
    }

    [Fact]
    public async Task Crawl_WorkerStopsAtItsPageLimitWithABufferedBatch_HandsItBack_AnotherFinishesTheCrawlWellBeforeTheLeaseTimeout()
    {
        await using var site = new SharedSite { Pages = 20 };
        await site.StartAsync();
        var outputs = new[] { Path.Combine(_folder, "limited.jsonl"), Path.Combine(_folder, "other.jsonl") };
        // One place: after the home page, one batch of 16 of the 20 links, served one by one; the limit stops the
        // worker with 15 of them still in its buffer.
        await using (var limitedWorker = await redis.ConnectAsync(_crawl, worker: "limited"))
        {
            var options = ItemSpider.Options();
            options.ConcurrentRequests = 1;
            options.MaxPages = 2;
            var limited = await new Crawler(new ItemSpider(site.Address), options, WorkerServices.Of(limitedWorker, ItemExporters.ForFile(outputs[0]))).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(CrawlOutcome.LimitReached, limited.Outcome);
        }

        // The lease timeout is 60 s: the crawl ends within 30 s only if the buffered requests were handed back.
        await using var otherWorker = await redis.ConnectAsync(_crawl, worker: "other");
        var other = await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), WorkerServices.Of(otherWorker, ItemExporters.ForFile(outputs[1]))).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(CrawlOutcome.Completed, other.Outcome);
        var union = outputs.SelectMany(File.ReadAllLines).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("sku").GetString());
        Assert.Equal(site.PagePaths.Order(StringComparer.Ordinal), union.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Heartbeat_RequestsWaitingInTheBufferFarLongerThanTheTimeout_AreExtended_NobodyElseGetsThem()
    {
        await using var slow = await redis.ConnectAsync(_crawl, _time, TimeSpan.FromSeconds(30));
        await using var live = await redis.ConnectAsync(_crawl, _time, TimeSpan.FromSeconds(30));
        await using var holder = await OpenAsync(slow);
        await using var other = await OpenAsync(live);
        foreach (var path in new[] { "a", "b", "c", "d" })
        {
            await holder.EnqueueAsync(new Request($"https://shop.test/{path}"));
        }

        // Two live workers, four waiting: the holder takes two, the other the rest, then nothing is waiting.
        Assert.NotNull(await holder.TryDequeueAsync());
        Assert.NotNull(await other.TryDequeueAsync());
        Assert.NotNull(await other.TryDequeueAsync());
        Assert.Equal(1, holder.Buffered);

        for (var i = 0; i < 12; i++)
        {
            var beat = holder.Heartbeats.Next;
            _time.Advance(TimeSpan.FromSeconds(10));
            await beat.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Null(await other.TryDequeueAsync());
        }

        Assert.Equal("/b", (await holder.TryDequeueAsync())!.Request.Url.AbsolutePath);
    }

    [Fact]
    public async Task Lease_KilledWorkerWithABufferedBatch_EveryBufferedRequestGoesToAnotherAfterTheVisibilityTimeout()
    {
        await using var killed = await redis.ConnectAsync(_crawl, _time, TimeSpan.FromSeconds(30));
        await using var live = await redis.ConnectAsync(_crawl, _time, TimeSpan.FromSeconds(30));
        var dying = await OpenAsync(killed);
        foreach (var path in new[] { "a", "b", "c" })
        {
            await dying.EnqueueAsync(new Request($"https://shop.test/{path}"));
        }

        Assert.NotNull(await dying.TryDequeueAsync());
        Assert.Equal(2, dying.Buffered);
        await dying.AbandonAsync();
        await using var other = await OpenAsync(live);

        Assert.Null(await other.TryDequeueAsync());
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(await other.TryDequeueAsync());
        _time.Advance(TimeSpan.FromSeconds(2));
        var again = new List<string>();
        while (await other.TryDequeueAsync() is { } lease)
        {
            again.Add(lease.Request.Url.AbsolutePath);
        }

        Assert.Equal(["/a", "/b", "/c"], again.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WaitForWork_NothingWaitingInRedisButRequestsInTheBuffer_ReturnsAtOnceWithWork()
    {
        await using var crawl = await redis.ConnectAsync(_crawl, _time);
        await using var frontier = await OpenAsync(crawl);
        await frontier.EnqueueAsync(new Request("https://shop.test/a"));
        await frontier.EnqueueAsync(new Request("https://shop.test/b"));
        await frontier.MarkStartRequestsSeededAsync();
        Assert.NotNull(await frontier.TryDequeueAsync());

        Assert.True(await frontier.WaitForWorkAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("/b", (await frontier.TryDequeueAsync())!.Request.Url.AbsolutePath);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Validate_PrefetchOutOfRange_NamesTheKey(int prefetch)
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisCrawlOptions { Crawl = "books", Prefetch = prefetch }.Validate());

        Assert.Equal(nameof(RedisCrawlOptions.Prefetch), error.ParamName);
        Assert.Contains("RedisCrawlOptions.Prefetch", error.Message, StringComparison.Ordinal);
    }

    private static async Task DrainBufferAsync(RedisFrontier frontier)
    {
        while (frontier.Buffered > 0)
        {
            Assert.NotNull(await frontier.TryDequeueAsync());
        }
    }

    private static async Task<RedisFrontier> OpenAsync(RedisCrawl crawl)
    {
        var frontier = (RedisFrontier)crawl.CreateFrontier();
        await frontier.OpenAsync(QueueSpider.Context());
        return frontier;
    }
}
