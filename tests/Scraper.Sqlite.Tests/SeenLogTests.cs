using System.Globalization;
using Microsoft.Data.Sqlite;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite.Tests;

/// <summary>
/// The job's fingerprints at scale: appended to the seen log and merged into the index in sorted runs, never lost or
/// doubted on the way; format 1 files upgraded in place; claims that never became requests kept out of memory.
/// </summary>
public sealed class SeenLogTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Admit_PastTheMergeSize_MergesTheLogIntoTheIndex_AndEveryFingerprintStaysADuplicate()
    {
        var path = _folder.File("job.db");
        var requests = Requests("p", 2_000);
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            // Merged at the third batch of 512; the last 464 stay in the log.
            job.Connection.SeenMergeAt = 1_200;
            var (frontier, filter) = await OpenAsync(job);
            foreach (var request in requests)
            {
                Assert.True(await filter.TryAddAsync(RequestFingerprint.Compute(request)));
                await frontier.EnqueueAsync(request);
                // Between merges, the log's fingerprints are answered from memory, exactly.
                Assert.False(await filter.TryAddAsync(RequestFingerprint.Compute(request)));
            }
        }

        using (var file = OpenPlain(path))
        {
            var indexed = Count(file, "seen");
            var logged = Count(file, "seen_log");
            Assert.Equal(requests.Count, indexed + logged);
            Assert.Equal(requests.Count % JobAdmits.BatchSize, logged);
            Assert.Equal(requests.Count, Count(file, "frontier"));
        }

        // Reopened: the index's and the log's are duplicates (the log read back into memory), a new one is not.
        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        var again = reopened.CreateDuplicateFilter();
        foreach (var request in requests)
        {
            Assert.False(await again.TryAddAsync(RequestFingerprint.Compute(request)));
        }

        Assert.True(await again.TryAddAsync(RequestFingerprint.Compute(new Request("https://shop.test/new"))));
    }

    [Fact]
    public async Task Admit_RequestsWrittenButNotMerged_SurviveAProcessThatNeverClosedTheJob()
    {
        // No dispose, as after a kill: what a commit wrote is in the log, and the next open knows it.
        var path = _folder.File("job.db");
        // Three full batches: each one written when it filled up, none merged.
        var requests = Requests("k", JobAdmits.BatchSize * 3);
        var job = await SqliteCrawlJob.OpenAsync(path);
        var (frontier, filter) = await OpenAsync(job);
        foreach (var request in requests)
        {
            Assert.True(await filter.TryAddAsync(RequestFingerprint.Compute(request)));
            await frontier.EnqueueAsync(request);
        }

        job.Connection.Connection.Close();

        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        var again = reopened.CreateDuplicateFilter();
        foreach (var request in requests)
        {
            Assert.False(await again.TryAddAsync(RequestFingerprint.Compute(request)));
        }
    }

    [Fact]
    public async Task Open_JobOfFormat1_IsUpgradedInPlace_WithItsFingerprintsAndRequests()
    {
        var path = _folder.File("old.db");
        var requests = Requests("old", 50);
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            var (frontier, filter) = await OpenAsync(job);
            foreach (var request in requests)
            {
                Assert.True(await filter.TryAddAsync(RequestFingerprint.Compute(request)));
                await frontier.EnqueueAsync(request);
            }
        }

        // What a format 1 build left: every fingerprint in the index, no log.
        using (var file = OpenPlain(path))
        {
            JobSchema.Execute(file, "INSERT OR IGNORE INTO seen SELECT fingerprint FROM seen_log; DROP TABLE seen_log; UPDATE scraper_schema SET version = 1, written_by = '0.1.0';");
        }

        await using (var upgraded = await SqliteCrawlJob.OpenAsync(path))
        {
            var filter = upgraded.CreateDuplicateFilter();
            foreach (var request in requests)
            {
                Assert.False(await filter.TryAddAsync(RequestFingerprint.Compute(request)));
            }

            var frontier = upgraded.CreateFrontier();
            await frontier.OpenAsync(QueueSpider.Context());
            Assert.Equal(requests.Count, frontier.Count);
            Assert.Equal(requests[0].Url, (await frontier.TryDequeueAsync())?.Request.Url);
        }

        using var check = OpenPlain(path);
        Assert.Equal(2L, Convert.ToInt64(JobSchema.Scalar(check, "SELECT version FROM scraper_schema"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Claim_AdmittedAndNeverQueued_LeavesMemoryAfterTwoWrites_AndStaysADuplicateInTheRun()
    {
        var path = _folder.File("job.db");
        await using var job = await SqliteCrawlJob.OpenAsync(path);
        var (frontier, filter) = await OpenAsync(job);
        // Redirect hops and skipped requests: admitted by the filter, never enqueued, while the crawl goes on writing.
        var hops = Requests("hop", 5_000).Select(request => RequestFingerprint.Compute(request)).ToList();
        for (var i = 0; i < hops.Count; i++)
        {
            Assert.True(await filter.TryAddAsync(hops[i]));
            if (i % 100 == 99)
            {
                await ((ICheckpointingFrontier)frontier).CommitAsync([], []);
                Assert.InRange(job.Connection.Seen.Unwritten, 0, 200);
            }
        }

        Assert.InRange(job.Connection.SpilledClaims, hops.Count - 200, hops.Count);
        // Past the recent table, the temporary claims answer.
        job.Connection.Seen.ForgetRecent();
        foreach (var hop in hops)
        {
            Assert.False(await filter.TryAddAsync(hop));
        }
    }

    [Fact]
    public async Task Claim_SpilledAndThenQueued_IsWrittenWithItsRequest_AndADuplicateAfterReopening()
    {
        var path = _folder.File("job.db");
        var late = new Request("https://shop.test/late");
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            var (frontier, filter) = await OpenAsync(job);
            Assert.True(await filter.TryAddAsync(RequestFingerprint.Compute(late)));
            for (var i = 0; i < 3; i++)
            {
                await ((ICheckpointingFrontier)frontier).CommitAsync([], []);
            }

            Assert.Equal(1, job.Connection.SpilledClaims);
            // A schedule that took its time: the request comes after its claim was spilled.
            await frontier.EnqueueAsync(late);
        }

        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        Assert.False(await reopened.CreateDuplicateFilter().TryAddAsync(RequestFingerprint.Compute(late)));
    }

    private static async Task<(IFrontier Frontier, IDuplicateFilter Filter)> OpenAsync(SqliteCrawlJob job)
    {
        var frontier = job.CreateFrontier();
        await frontier.OpenAsync(QueueSpider.Context());
        return (frontier, job.CreateDuplicateFilter());
    }

    private static List<Request> Requests(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Request($"https://shop.test/{prefix}/{i}"))];

    private static SqliteConnection OpenPlain(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static long Count(SqliteConnection connection, string table) =>
        Convert.ToInt64(JobSchema.Scalar(connection, $"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);
}
