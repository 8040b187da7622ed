using System.Text.Json;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;
using Scraper.Items;
using StackExchange.Redis;

namespace Scraper.Redis.Tests;

/// <summary>Items exactly once across workers: acknowledgements, export checkpoints and stream items committed together.</summary>
[Collection(RedisCollection.Name)]
public sealed class ExactlyOnceTests(RedisServer redis) : IAsyncLifetime
{
    private readonly string _crawl = "x" + Guid.NewGuid().ToString("N");
    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-redisx-").FullName;

    private ConnectionMultiplexer _reader = null!;

    private IDatabase Database => _reader.GetDatabase();

    public async Task InitializeAsync() => _reader = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);

    public async Task DisposeAsync()
    {
        await _reader.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Commit_AcknowledgementsCheckpointAndStreamItems_LandInOneScript()
    {
        await using var worker = await ConnectAsync("w1");
        await using var frontier = (ICheckpointingFrontier)worker.CreateFrontier();
        var (leases, stream) = await TwoFinishedRequestsAsync(worker, frontier);
        var file = new ExportCheckpoint("/tmp/out.jsonl", 42, 2);

        // Nothing reaches the stream before the commit: a worker killed now leaves nothing there.
        Assert.Equal(0, await Database.StreamLengthAsync(StreamKey));
        await frontier.CommitAsync(leases, [file, await stream.CheckpointAsync()]);

        var entries = await Database.StreamRangeAsync(StreamKey);
        Assert.Equal(["a-1", "b-1"], entries.Select(SkuOf));
        Assert.Equal(file, (await frontier.LoadCheckpointsAsync())[0]);
        Assert.False(await frontier.WaitForWorkAsync());
    }

    [Fact]
    public async Task Commit_LeaseMeanwhileTakenByAnotherWorker_IsRefusedAndWritesNothing()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var slow = await ConnectAsync("slow", time);
        await using var other = await ConnectAsync("other", time);
        await using var first = (ICheckpointingFrontier)slow.CreateFrontier();
        await using var second = other.CreateFrontier();
        await first.OpenAsync(QueueSpider.Context());
        await second.OpenAsync(QueueSpider.Context());
        await first.EnqueueAsync(new Request("https://shop.test/a"));
        var lease = (await first.TryDequeueAsync())!;
        await ((RedisFrontier)first).StopHeartbeatForTestAsync();
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.NotNull(await second.TryDequeueAsync());
        var stream = slow.CreateStreamExporter(StreamKey);
        await stream.OpenAsync();
        await stream.ExportAsync(new Product("a-1"));

        var error = await Assert.ThrowsAsync<RedisLeaseLostException>(async () => await first.CommitAsync([lease], [new ExportCheckpoint("/tmp/out.jsonl", 10, 1), await stream.CheckpointAsync()]));

        Assert.Contains("'slow'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Database.StreamLengthAsync(StreamKey));
        Assert.Empty(await first.LoadCheckpointsAsync());
    }

    [Fact]
    public async Task Crawl_ThreeWorkersWithFileAndStreamExports_EveryItemOnceInTheUnionAndInTheStream()
    {
        await using var site = new SharedSite { Pages = 30 };
        await site.StartAsync();
        var outputs = Enumerable.Range(0, 3).Select(i => Path.Combine(_folder, $"w{i}.jsonl")).ToArray();

        var results = await Task.WhenAll(outputs.Select(async (output, i) =>
        {
            await using var worker = await ConnectAsync($"w{i}");
            return await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), Services(worker, ItemExporters.ForFile(output), worker.CreateStreamExporter(StreamKey))).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }));

        Assert.All(results, result => Assert.Equal(CrawlOutcome.Completed, result.Outcome));
        var union = outputs.SelectMany(File.ReadAllLines).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("sku").GetString()).ToList();
        var expected = site.PagePaths.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, union.Order(StringComparer.Ordinal));
        Assert.Equal(expected, (await Database.StreamRangeAsync(StreamKey)).Select(SkuOf).Order(StringComparer.Ordinal));
        // Every export is published: no worker keeps a checkpoint of the finished crawl.
        Assert.Equal(0, await Database.HashLengthAsync($"scraper:{{{_crawl}}}:checkpoints"));
    }

    [Fact]
    public async Task Commit_QuietSpellWhileTheOtherRequestsAreHeld_CommitsTheFinishedOneWithinTheInterval_ForAConsumerBlockedOnXread()
    {
        await using var site = new SharedSite { Pages = 2, Gate = new TaskCompletionSource() };
        await site.StartAsync();
        // A batch is 4: the home page alone never fills one, only the commit interval (a second) commits it.
        await using var worker = await ConnectAsync("w1");
        var run = new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), Services(worker, worker.CreateStreamExporter(StreamKey))).RunAsync();
        await site.WaitForGatedAsync(2);

        // Its own connection: XREAD BLOCK holds the connection until an entry comes.
        await using var consumer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var read = await consumer.GetDatabase().ExecuteAsync("XREAD", "BLOCK", "10000", "STREAMS", StreamKey, "0");

        Assert.False(read.IsNull, "No item reached the stream while the product pages were held.");
        Assert.Equal(1, await Database.StreamLengthAsync(StreamKey));
        site.Gate!.SetResult();
        Assert.Equal(CrawlOutcome.Completed, (await run.WaitAsync(TimeSpan.FromSeconds(30))).Outcome);
        Assert.Equal(3, await Database.StreamLengthAsync(StreamKey));
    }

    [Fact]
    public async Task Crawl_NameOfAFinishedCrawl_NewWorkerIsRefusedNamingFresh_AndFreshCrawlsItAgain()
    {
        await using var site = new SharedSite { Pages = 3 };
        await site.StartAsync();
        await using (var first = await ConnectAsync("first"))
        {
            Assert.Equal(CrawlOutcome.Completed, (await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), Services(first)).RunAsync()).Outcome);
        }

        await using var late = await ConnectAsync("late");
        var refused = await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), Services(late, ItemExporters.ForFile(Path.Combine(_folder, "late.jsonl")))).RunAsync();

        Assert.Equal(CrawlOutcome.Failed, refused.Outcome);
        Assert.Contains("--fresh", refused.Error?.Message, StringComparison.Ordinal);
        Assert.Contains(_crawl, refused.Error?.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "late.jsonl")));

        await late.ResetAsync();
        var again = await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), Services(late)).RunAsync();
        Assert.Equal(CrawlOutcome.Completed, again.Outcome);
        Assert.Equal(site.Pages + 1, again.Stats.Items);
    }

    [Fact]
    public async Task Crawl_RefusedStartOnAFinishedCrawl_LeavesNothingInTheOutputFolder()
    {
        await using var site = new SharedSite { Pages = 2 };
        await site.StartAsync();
        await using (var first = await ConnectAsync("first"))
        {
            Assert.Equal(CrawlOutcome.Completed, (await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), Services(first)).RunAsync()).Outcome);
        }

        var folder = Directory.CreateDirectory(Path.Combine(_folder, "late")).FullName;
        await using var late = await ConnectAsync("late");
        var refused = await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), Services(late, ItemExporters.ForFile(Path.Combine(folder, "late.jsonl")))).RunAsync();

        Assert.Equal(CrawlOutcome.Failed, refused.Outcome);
        // Not even the hidden temporary file (.late.jsonl.GUID.tmp) the exporter opens first.
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task Open_WorkerOfAnotherVersionOfTheSpider_IsRefusedNamingBoth()
    {
        await using var worker = await ConnectAsync("w1");
        await Database.StringSetAsync($"scraper:{{{_crawl}}}:spider", $"queue ({typeof(QueueSpider).FullName} 0.9.0.0, request format 1)");
        await using var frontier = worker.CreateFrontier();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => frontier.OpenAsync(QueueSpider.Context()).AsTask());

        Assert.Contains("0.9.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(QueueSpider).Assembly.GetName().Version!.ToString(), error.Message, StringComparison.Ordinal);
    }

    // The exactly-once scripts go through the retry pipeline: each applied by Redis, its answer lost and sent again,
    // must be applied once.
    [Fact]
    public async Task Commit_AnswerLostAndRetried_AppendsItsStreamItemsOnceMovesTheCheckpointAndLosesNoLease()
    {
        LostAnswers lost = null!;
        await using var worker = await ConnectAsync("w1", database => LostAnswers.Wrap(database, CommitScripts.Commit, 1, out lost));
        await using var frontier = (ICheckpointingFrontier)worker.CreateFrontier();
        var (leases, stream) = await TwoFinishedRequestsAsync(worker, frontier);
        var file = new ExportCheckpoint("/tmp/out.jsonl", 42, 2);

        // The first send is applied and its answer lost: the retry must not find its own acknowledged requests gone
        // (a refused commit) nor append the items a second time.
        await frontier.CommitAsync(leases, [file, await stream.CheckpointAsync()]);

        Assert.Equal(1, lost.Lost);
        Assert.True(worker.CommandRetries >= 1);
        Assert.Equal(["a-1", "b-1"], (await Database.StreamRangeAsync(StreamKey)).Select(SkuOf));
        Assert.Equal(file, (await frontier.LoadCheckpointsAsync())[0]);
        Assert.False(await frontier.WaitForWorkAsync());

        // The next commit is a new one: applied, not taken for a retry of the first.
        await frontier.EnqueueAsync(new Request("https://shop.test/c"));
        var next = (await frontier.TryDequeueAsync())!;
        await stream.ExportAsync(new Product("c-1"));
        await frontier.CommitAsync([next], [file with { Items = 3 }, await stream.CheckpointAsync()]);
        Assert.Equal(["a-1", "b-1", "c-1"], (await Database.StreamRangeAsync(StreamKey)).Select(SkuOf));
        Assert.Equal(3, (await frontier.LoadCheckpointsAsync())[0]!.Items);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Admit_PageOfLinksAnswerLostAndRetried_QueuesEachRequestOnce(bool dontFilter)
    {
        LostAnswers lost = null!;
        await using var worker = await ConnectAsync("w1", database => LostAnswers.Wrap(database, CommitScripts.Admit, 1, out lost));
        await using var frontier = worker.CreateFrontier();
        await frontier.OpenAsync(QueueSpider.Context());

        await frontier.EnqueueRangeAsync([new Request("https://shop.test/a") { DontFilter = dontFilter }, new Request("https://shop.test/b")]);

        Assert.Equal(1, lost.Lost);
        Assert.Equal(2, await Database.SortedSetLengthAsync($"scraper:{{{_crawl}}}:queue"));
        Assert.Equal("/a", (await frontier.TryDequeueAsync())!.Request.Url.AbsolutePath);
        Assert.Equal("/b", (await frontier.TryDequeueAsync())!.Request.Url.AbsolutePath);
        Assert.Null(await frontier.TryDequeueAsync());
        // Marked seen by the one admit: the links are not queued again by another worker.
        await using var other = await ConnectAsync("w2");
        await using var filter = other.CreateDuplicateFilter();
        var added = await filter.TryAddRangeAsync([RequestFingerprint.Compute(new Request("https://shop.test/a")), RequestFingerprint.Compute(new Request("https://shop.test/b"))]);
        Assert.Equal([false, false], added);
    }

    [Fact]
    public async Task StreamExporter_WithoutAFrontierAnswerLostAndRetried_AppendsEachItemOnce()
    {
        LostAnswers lost = null!;
        await using var worker = await ConnectAsync("w1", database => LostAnswers.Wrap(database, CommitScripts.Append, 1, out lost));
        var stream = worker.CreateStreamExporter(StreamKey);
        await stream.OpenAsync();
        await stream.ExportAsync(new Product("a-1"));
        await stream.ExportAsync(new Product("b-1"));

        await stream.CloseAsync();

        Assert.Equal(1, lost.Lost);
        Assert.Equal(["a-1", "b-1"], (await Database.StreamRangeAsync(StreamKey)).Select(SkuOf));
    }

    /// <summary>Two requests queued (the crawl seeded) and leased, and an item of each in a stream exporter.</summary>
    private async Task<(FrontierLease[] Leases, RedisStreamExporter Stream)> TwoFinishedRequestsAsync(RedisCrawl worker, ICheckpointingFrontier frontier)
    {
        await frontier.OpenAsync(QueueSpider.Context());
        await frontier.EnqueueAsync(new Request("https://shop.test/a"));
        await frontier.EnqueueAsync(new Request("https://shop.test/b"));
        await frontier.MarkStartRequestsSeededAsync();
        var leases = new[] { (await frontier.TryDequeueAsync())!, (await frontier.TryDequeueAsync())! };
        var stream = worker.CreateStreamExporter(StreamKey);
        await stream.OpenAsync();
        await stream.ExportAsync(new Product("a-1"));
        await stream.ExportAsync(new Product("b-1"));
        return (leases, stream);
    }

    private string StreamKey => $"scraper:{{{_crawl}}}:items";

    private static string? SkuOf(StreamEntry entry) => JsonDocument.Parse((string)entry["item"]!).RootElement.GetProperty("sku").GetString();

    private static CrawlerServices Services(RedisCrawl connection, params IItemExporter[] exporters) => WorkerServices.Of(connection, exporters);

    private Task<RedisCrawl> ConnectAsync(string worker, TimeProvider? time = null) =>
        RedisCrawl.ConnectAsync(new RedisCrawlOptions { Configuration = redis.Configuration, Crawl = _crawl, Worker = worker, CommitBatchSize = 4 }, time);

    private Task<RedisCrawl> ConnectAsync(string worker, Func<IDatabase, IDatabase> wrap) =>
        RedisCrawl.ConnectAsync(new RedisCrawlOptions { Configuration = redis.Configuration, Crawl = _crawl, Worker = worker, CommitBatchSize = 4, WrapDatabase = wrap });
}
