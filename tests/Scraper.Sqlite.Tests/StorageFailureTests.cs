using System.Globalization;
using Scraper.Crawling;
using Scraper.Http;

namespace Scraper.Sqlite.Tests;

/// <summary>A state folder that cannot be written and a full disk fail with an error naming the job file, and lose nothing.</summary>
public sealed class StorageFailureTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Open_FileWhereTheStateFolderShouldBe_FailsNamingTheJobFile()
    {
        var state = _folder.File("state");
        await File.WriteAllTextAsync(state, "a file, not a folder");
        var path = Path.Combine(state, "jobs", "shop.db");

        var error = await Assert.ThrowsAsync<JobFileException>(() => SqliteCrawlJob.OpenAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Scraper:StateDirectory", error.Message, StringComparison.Ordinal);
        Assert.Equal("a file, not a folder", await File.ReadAllTextAsync(state));
    }

    [Fact]
    public async Task Open_StateFolderNobodyCanWrite_FailsNamingTheJobFile()
    {
        // Not even root can create a folder in /proc, so this holds whoever runs the tests (chmod does not stop root).
        var path = $"/proc/scraper-{Guid.NewGuid():N}/shop.db";

        var error = await Assert.ThrowsAsync<JobFileException>(() => SqliteCrawlJob.OpenAsync(path));

        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be created", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_DiskFull_FailsNamingTheJobFile_AndKeepsWhatWasCommitted()
    {
        var path = _folder.File("shop.db");
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            var frontier = job.CreateFrontier();
            await frontier.OpenAsync(QueueSpider.Context());
            await frontier.EnqueueAsync(new Request("https://shop.test/kept"));
            Assert.NotNull(await frontier.TryDequeueAsync());
            // The database may not grow by more than a page from here: as a full disk, for SQLite.
            var pages = Convert.ToInt64(Scalar(job, "PRAGMA page_count"), CultureInfo.InvariantCulture);
            Scalar(job, $"PRAGMA max_page_count = {pages + 1}");

            var error = await Assert.ThrowsAsync<JobFileException>(async () =>
            {
                for (var i = 0; i < 2 * JobAdmits.BatchSize; i++)
                {
                    await frontier.EnqueueAsync(new Request("https://shop.test/big/" + i) { Method = HttpMethod.Post, Body = new RequestContent(new byte[4096], "application/octet-stream") });
                }
            });

            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("full", error.Message, StringComparison.Ordinal);
            Scalar(job, "PRAGMA max_page_count = 1073741823");
        }

        // The committed lease is still there (handed out again), whatever the failed write held.
        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        Assert.Equal(1, reopened.Reclaimed);
    }

    private static object? Scalar(SqliteCrawlJob job, string sql)
    {
        using var command = job.Connection.Command(sql);
        return command.ExecuteScalar();
    }
}

/// <summary>A crawl whose job cannot commit (a full disk) fails, naming the file, and publishes nothing.</summary>
public sealed class CommitFailureTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ShopSite _site = new();

    public void Dispose()
    {
        _site.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Crawl_CommitFailsForAFullDisk_FailsNamingTheJobFile_AndPublishesNothing()
    {
        var output = _folder.File("shop.jsonl");
        await using var job = await SqliteCrawlJob.OpenAsync(_folder.File("shop.db"));
        var services = new CrawlerServices
        {
            FrontierFactory = () => new FullDiskFrontier((Scraper.Crawling.Scheduling.ICheckpointingFrontier)job.CreateFrontier(), job.Path),
            DuplicateFilterFactory = job.CreateDuplicateFilter,
            Exporters = { new Scraper.Items.JsonLinesExporter(output) },
        };

        var result = await new Crawler(new ShopSpider(_site.Url), new CrawlOptions { ConcurrentRequests = 2, DownloadDelay = TimeSpan.Zero, ObeyRobotsTxt = false }, services).RunAsync();

        Assert.Equal(CrawlOutcome.Failed, result.Outcome);
        Assert.Contains(job.Path, result.Error?.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>The job's frontier, except that every commit fails as a full disk makes it fail.</summary>
    private sealed class FullDiskFrontier(Scraper.Crawling.Scheduling.ICheckpointingFrontier inner, string path) : Scraper.Crawling.Scheduling.ICheckpointingFrontier
    {
        public long Count => inner.Count;

        public int CommitBatchSize => 1;

        public ValueTask OpenAsync(Scraper.Crawling.Scheduling.FrontierContext context, CancellationToken cancellationToken = default) => inner.OpenAsync(context, cancellationToken);

        public ValueTask EnqueueAsync(Request request, CancellationToken cancellationToken = default) => inner.EnqueueAsync(request, cancellationToken);

        public ValueTask<Scraper.Crawling.Scheduling.FrontierLease?> TryDequeueAsync(CancellationToken cancellationToken = default) => inner.TryDequeueAsync(cancellationToken);

        public ValueTask AcknowledgeAsync(Scraper.Crawling.Scheduling.FrontierLease lease, CancellationToken cancellationToken = default) => inner.AcknowledgeAsync(lease, cancellationToken);

        public ValueTask<bool> HasSeededStartRequestsAsync(CancellationToken cancellationToken = default) => inner.HasSeededStartRequestsAsync(cancellationToken);

        public ValueTask MarkStartRequestsSeededAsync(CancellationToken cancellationToken = default) => inner.MarkStartRequestsSeededAsync(cancellationToken);

        public ValueTask<IReadOnlyList<Scraper.Items.ExportCheckpoint?>> LoadCheckpointsAsync(CancellationToken cancellationToken = default) => inner.LoadCheckpointsAsync(cancellationToken);

        public ValueTask CommitAsync(IReadOnlyList<Scraper.Crawling.Scheduling.FrontierLease> acknowledged, IReadOnlyList<Scraper.Items.ExportCheckpoint?> checkpoints, CancellationToken cancellationToken = default) =>
            throw new JobFileException($"The job file '{path}' cannot be written: the disk is full.") { Path = path };

        public ValueTask MarkFinishedAsync(CancellationToken cancellationToken = default) => inner.MarkFinishedAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
