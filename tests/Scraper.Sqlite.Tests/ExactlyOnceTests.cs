using System.Text.Json;
using Scraper.Crawling;
using Scraper.Items;

namespace Scraper.Sqlite.Tests;

/// <summary>
/// Exactly-once output across a stop or a crash: acknowledgements are committed with the exporters' checkpoints, and a
/// resumed job reopens its export at the last committed one, so the published file holds every item once.
/// </summary>
public sealed class ExactlyOnceTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ShopSite _site = new();

    public void Dispose()
    {
        _site.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Crawl_StoppedMidwayThenResumed_PublishesExactlyTheUninterruptedItems()
    {
        var path = _folder.File("shop.db");
        var output = _folder.File("shop.jsonl");
        await File.WriteAllTextAsync(output, "{\"last\":\"complete export\"}\n");
        using var stop = new CancellationTokenSource();
        await using (var job = await SqliteCrawlJob.OpenAsync(path, new SqliteJobOptions { CommitBatchSize = 2 }))
        {
            var result = await new Crawler(new ShopSpider(_site.Url), Slowed(), Services(job, output, new CollectingPipeline(stop, stopAt: 4))).RunAsync(stop.Token);
            Assert.Equal(CrawlOutcome.Cancelled, result.Outcome);
        }

        // The stopped run published nothing: the last complete export is as it was until the job completes.
        Assert.Equal("{\"last\":\"complete export\"}\n", await File.ReadAllTextAsync(output));
        await using (var resumed = await SqliteCrawlJob.OpenAsync(path))
        {
            Assert.NotEmpty(resumed.ExportCheckpoints);
            var result = await new Crawler(new ShopSpider(_site.Url), Options(), Services(resumed, output, new CollectingPipeline())).RunAsync();
            Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        }

        Assert.Equal(Enumerable.Range(1, ShopSite.Products), Numbers(output).Order());
        Assert.Equal(1, _site.Hits("/"));
        // Marked finished by the run itself, before it published: the next open starts over with no export of the job's.
        await using var next = await SqliteCrawlJob.OpenAsync(path);
        Assert.True(next.StartedOver);
        Assert.Empty(next.ExportCheckpoints);
    }

    [Fact]
    public async Task Crawl_KilledMidwayWithATornLine_ThenResumed_PublishesExactlyTheUninterruptedItems()
    {
        var path = _folder.File("shop.db");
        var output = _folder.File("shop.jsonl");
        var temporary = _folder.File(".shop.jsonl.run1.tmp");
        var snapshot = Directory.CreateDirectory(_folder.File("at-kill")).FullName;
        using var stop = new CancellationTokenSource();
        // What a kill -9 leaves on the disk is the files as they are at that instant: copied while items are being
        // exported (commits run between items, on the same task), after some requests were committed.
        var kill = new CallbackPipeline(at: 6, () =>
        {
            foreach (var file in new[] { path, path + "-wal", temporary }.Where(File.Exists))
            {
                File.Copy(file, Path.Combine(snapshot, Path.GetFileName(file)));
            }

            stop.Cancel();
        });
        await using (var job = await SqliteCrawlJob.OpenAsync(path, new SqliteJobOptions { CommitBatchSize = 1 }))
        {
            var services = Services(job, output, kill);
            ((ItemExporter)services.Exporters[0]).TemporaryPath = temporary;
            await new Crawler(new ShopSpider(_site.Url), Options(), services).RunAsync(stop.Token);
        }

        // Put the disk back as the kill left it: the job file and its log, the export with half a line torn at its end,
        // and no output (the rest of the first run, which may even have run to its end and published, never happened).
        File.Delete(path + "-wal");
        File.Delete(output);
        foreach (var file in Directory.GetFiles(snapshot))
        {
            File.Copy(file, _folder.File(Path.GetFileName(file)), overwrite: true);
        }

        await File.AppendAllTextAsync(temporary, "{\"number\":99,\"tit");

        await using (var resumed = await SqliteCrawlJob.OpenAsync(path))
        {
            var checkpoint = Assert.Single(resumed.ExportCheckpoints);
            Assert.Equal(temporary, checkpoint!.Path);
            Assert.InRange(checkpoint.Items, 1, 5);
            var result = await new Crawler(new ShopSpider(_site.Url), Options(), Services(resumed, output, new CollectingPipeline())).RunAsync();
            Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        }

        Assert.Equal(Enumerable.Range(1, ShopSite.Products), Numbers(output).Order());
        Assert.False(File.Exists(temporary));
    }

    private static IEnumerable<int> Numbers(string output) =>
        File.ReadAllLines(output).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("number").GetInt32()).ToList();

    // One request at a time, 20 ms apart: items are exported per request once its callback ends, so a crawl at full
    // speed could finish fetching before the pipeline sees the item that stops it.
    private static CrawlOptions Slowed() => new() { ConcurrentRequests = 1, DownloadDelay = TimeSpan.FromMilliseconds(20), ObeyRobotsTxt = false };

    private static CrawlOptions Options() => new() { ConcurrentRequests = 4, DownloadDelay = TimeSpan.Zero, ObeyRobotsTxt = false };

    private static CrawlerServices Services(SqliteCrawlJob job, string output, IItemPipeline pipeline) => new()
    {
        FrontierFactory = job.CreateFrontier,
        DuplicateFilterFactory = job.CreateDuplicateFilter,
        SessionStore = job.Sessions,
        Pipelines = { pipeline },
        Exporters = { new JsonLinesExporter(output) },
    };

    /// <summary>Runs an action when the n-th item goes by (before it is exported), and passes every item on.</summary>
    private sealed class CallbackPipeline(int at, Action action) : IItemPipeline
    {
        private int _seen;

        public async IAsyncEnumerable<object> ProcessAsync(object item, ItemContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (++_seen == at)
            {
                action();
            }

            await Task.CompletedTask;
            yield return item;
        }
    }
}
