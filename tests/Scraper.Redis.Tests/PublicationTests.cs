using System.Text.Json;
using Scraper.Crawling;
using Scraper.Items;
using StackExchange.Redis;

namespace Scraper.Redis.Tests;

/// <summary>
/// The end of a worker's run on a shared crawl, killed at each instant of it: between marking the run finished and
/// publishing the export (a rename of its temporary file), and between publishing and dropping the checkpoint. The
/// worker restarted under its name publishes every item it had committed exactly once, either way.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class PublicationTests(RedisServer redis) : IAsyncLifetime
{
    private readonly string _crawl = "p" + Guid.NewGuid().ToString("N");
    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-redisp-").FullName;
    private ConnectionMultiplexer _reader = null!;

    private IDatabase Database => _reader.GetDatabase();

    private string Output => Path.Combine(_folder, "w1.jsonl");

    private string CheckpointsKey => $"scraper:{{{_crawl}}}:checkpoints";

    public async Task InitializeAsync() => _reader = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);

    public async Task DisposeAsync()
    {
        await _reader.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Finish_KilledBetweenMarkingFinishedAndPublishing_KeepsTheCheckpoint_AndTheRestartPublishesEveryItemOnce()
    {
        await using var site = new SharedSite { Pages = 6 };
        await site.StartAsync();
        await using (var worker = await ConnectAsync())
        {
            // The process dies where the exporter would rename its temporary file: the crawl was marked finished.
            var dying = new DiesBeforePublishing(ItemExporters.ForFile(Output));
            var first = await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), WorkerServices.Of(worker, dying)).RunAsync();
            Assert.Equal(CrawlOutcome.Completed, first.Outcome);
        }

        // Nothing published, and the frontier's dispose kept the checkpoint: its temporary file is still there.
        Assert.False(File.Exists(Output));
        var staged = Assert.Single(Directory.GetFiles(_folder, ".w1.jsonl.*.tmp"));
        Assert.True(await Database.HashExistsAsync(CheckpointsKey, "w1"));
        Assert.True(await Database.KeyExistsAsync($"scraper:{{{_crawl}}}:finished"));

        await using (var restarted = await ConnectAsync())
        {
            // The crawl is over, but a worker with a checkpoint resumes it: it has nothing to fetch and publishes.
            var again = await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), WorkerServices.Of(restarted, ItemExporters.ForFile(Output))).RunAsync();
            Assert.Equal(CrawlOutcome.Completed, again.Outcome);
        }

        Assert.Equal(ExpectedSkus(site), SkusIn(Output));
        Assert.False(File.Exists(staged));
        Assert.Equal(0, await Database.HashLengthAsync(CheckpointsKey));
        Assert.Equal(0, await Database.HashLengthAsync($"scraper:{{{_crawl}}}:publishing"));
    }

    [Fact]
    public async Task Finish_KilledBetweenPublishingAndDroppingTheCheckpoint_TheRestartFindsItPublished_AndWritesNothingTwice()
    {
        await using var site = new SharedSite { Pages = 6 };
        await site.StartAsync();
        LostAnswers dropped = null!;
        // The process dies after the rename, before the checkpoint's drop reaches Redis (no retry: it never comes).
        await using (var worker = await ConnectAsync(database => LostAnswers.Refuse(database, CommitScripts.Published, int.MaxValue, out dropped)))
        {
            var first = await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), WorkerServices.Of(worker, ItemExporters.ForFile(Output))).RunAsync();
            Assert.Equal(CrawlOutcome.Completed, first.Outcome);
        }

        Assert.Equal(1, dropped.Lost);
        var published = SkusIn(Output);
        Assert.Equal(ExpectedSkus(site), published);
        Assert.True(await Database.HashExistsAsync(CheckpointsKey, "w1"));

        await using (var restarted = await ConnectAsync())
        {
            // Its export is published and the crawl is over: nothing is resumed, and the finished crawl refuses it.
            var again = await new Crawler(new ItemSpider(site.Address), ItemSpider.Options(), WorkerServices.Of(restarted, ItemExporters.ForFile(Output))).RunAsync();
            Assert.Equal(CrawlOutcome.Failed, again.Outcome);
            Assert.Contains("--fresh", again.Error?.Message, StringComparison.Ordinal);
        }

        Assert.Equal(published, SkusIn(Output));
        Assert.Equal(0, await Database.HashLengthAsync(CheckpointsKey));
        // The refused run wrote no item anywhere (its empty output in progress stays aside, as any refused run's).
        Assert.All(Directory.GetFiles(_folder, ".w1.jsonl.*.tmp"), file => Assert.Empty(File.ReadAllLines(file)));
    }

    [Fact]
    public async Task Dispose_AfterAPublishedExport_DropsTheCheckpoint_AndKeepsItWhileTheTemporaryFileIsThere()
    {
        var staged = Path.Combine(_folder, ".w1.jsonl.run.tmp");
        await File.WriteAllTextAsync(staged, "{\"sku\":\"a\"}\n");
        await using var worker = await ConnectAsync();

        // Not published (the temporary file is there): the checkpoint stays for the restart to publish it.
        await FinishAsync(worker, new ExportCheckpoint(staged, 12, 1));
        Assert.True(await Database.HashExistsAsync(CheckpointsKey, "w1"));

        // Published (moved over the target): the checkpoint goes.
        File.Move(staged, Output);
        await FinishAsync(worker, new ExportCheckpoint(staged, 12, 1));
        Assert.False(await Database.HashExistsAsync(CheckpointsKey, "w1"));
    }

    /// <summary>A frontier that commits one request with <paramref name="checkpoint"/>, marks its run finished and is disposed.</summary>
    private static async Task FinishAsync(RedisCrawl worker, ExportCheckpoint checkpoint)
    {
        await using var frontier = (Scraper.Crawling.Scheduling.ICheckpointingFrontier)worker.CreateFrontier();
        await frontier.OpenAsync(QueueSpider.Context());
        await frontier.EnqueueAsync(new Request($"https://shop.test/{Guid.NewGuid():N}"));
        await frontier.MarkStartRequestsSeededAsync();
        await frontier.CommitAsync([(await frontier.TryDequeueAsync())!], [checkpoint]);
        await frontier.MarkFinishedAsync();
    }

    private static List<string> ExpectedSkus(SharedSite site) => [.. site.PagePaths.Order(StringComparer.Ordinal)];

    private static List<string> SkusIn(string file) =>
        [.. File.ReadAllLines(file).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("sku").GetString()!).Order(StringComparer.Ordinal)];

    private Task<RedisCrawl> ConnectAsync(Func<IDatabase, IDatabase>? wrap = null) =>
        RedisCrawl.ConnectAsync(new RedisCrawlOptions { Configuration = redis.Configuration, Crawl = _crawl, Worker = "w1", CommitBatchSize = 2, RetryTimeout = TimeSpan.Zero, WrapDatabase = wrap });

    /// <summary>
    /// A file exporter whose process dies when it would publish: the file is released as the system releases a killed
    /// process's files, and nothing is renamed.
    /// </summary>
    private sealed class DiesBeforePublishing(ItemExporter inner) : IPublishingExporter, ICheckpointableExporter
    {
        public bool CanCheckpoint => inner.CanCheckpoint;

        public ValueTask OpenAsync(CancellationToken cancellationToken = default) => inner.OpenAsync(cancellationToken);

        public ValueTask OpenAsync(ExportCheckpoint checkpoint, CancellationToken cancellationToken = default) => inner.OpenAsync(checkpoint, cancellationToken);

        public ValueTask ExportAsync(object item, CancellationToken cancellationToken = default) => inner.ExportAsync(item, cancellationToken);

        public ValueTask<ExportCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default) => inner.CheckpointAsync(cancellationToken);

        public async ValueTask<ExportPublication> CloseAsync(CrawlOutcome outcome, CancellationToken cancellationToken = default)
        {
            await inner.DisposeAsync();
            throw new IOException("The process was killed before the export was published (test).");
        }

        public async ValueTask CloseAsync(CancellationToken cancellationToken = default) => await CloseAsync(CrawlOutcome.Completed, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
