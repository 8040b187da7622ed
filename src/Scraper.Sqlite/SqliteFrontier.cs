using Scraper.Crawling;
using Scraper.Crawling.Incremental;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Scheduling.Storage;
using Scraper.Items;

namespace Scraper.Sqlite;

/// <summary>
/// The job's frontier: requests stored by <see cref="RequestCodec"/>, taken highest priority first and first in
/// first out within a priority, leased until acknowledged. A lease left by a dead process is handed out again when
/// the job is opened; with <see cref="SqliteJobOptions.LeaseTimeout"/>, one left too long is handed out again in the run.
/// Acknowledgements come in batches with the exporters' checkpoints, committed in one transaction (exactly-once output),
/// with what an incremental crawl learned (<see cref="JobHistory"/>).
/// </summary>
internal sealed class SqliteFrontier(JobConnection job, TimeProvider time, SqliteJobOptions options, long waiting) : ICrawlHistory
{
    private const string SeededKey = "start_requests_seeded";
    private FrontierContext? _context;
    private long _waiting = waiting;

    // Leased a batch at a time; one at a time with a lease timeout, where a lease waiting here could expire meanwhile.
    private readonly LeaseBuffer _leases = new();
    private readonly int _leaseBatch = options.LeaseTimeout is null ? 32 : 1;
    private readonly TimeSpan? _leaseTimeout = options.LeaseTimeout;

    public long Count => Interlocked.Read(ref _waiting);

    public int CommitBatchSize => options.CommitBatchSize;

    public TimeSpan CommitInterval => options.CommitInterval;

    public ValueTask OpenAsync(FrontierContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        return ValueTask.CompletedTask;
    }

    public async ValueTask EnqueueAsync(Request request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = _context ?? throw new InvalidOperationException("The SQLite frontier is not open: IFrontier.OpenAsync is called by the crawler before the first request.");
        // Serialized before the lock: an unstorable request (an unnamed callback) fails here, naming it.
        var data = context.Codec.Serialize(request);
        var fingerprint = context.Fingerprint(request);
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        // Written in batches (see JobAdmits): at the latest before the next lease or with the commit that acknowledges its parent.
        _leases.ReleaseIfOutranked(job, request.Priority);
        job.Admits.Add(request.Priority, request.Depth, data, fingerprint);
        if (job.Admits.Count >= JobAdmits.BatchSize)
        {
            job.Admits.Flush(job);
        }

        Interlocked.Increment(ref _waiting);
    }

    public async ValueTask<FrontierLease?> TryDequeueAsync(CancellationToken cancellationToken = default)
    {
        var context = _context ?? throw new InvalidOperationException("The SQLite frontier is not open.");
        var now = time.GetUtcNow();
        var until = _leaseTimeout is { } timeout ? (now + timeout).ToUnixTimeMilliseconds() : long.MaxValue;
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        if (Lease(until) is { } leased)
        {
            Interlocked.Decrement(ref _waiting);
            return new FrontierLease(context.Codec.Deserialize(leased.Data), leased.Id);
        }

        if (_leaseTimeout is not null && ReclaimExpired(now.ToUnixTimeMilliseconds()) > 0 && Lease(until) is { } reclaimed)
        {
            Interlocked.Decrement(ref _waiting);
            return new FrontierLease(context.Codec.Deserialize(reclaimed.Data), reclaimed.Id);
        }

        return null;
    }

    public async ValueTask AcknowledgeAsync(FrontierLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        // What the request yielded goes in first: it must never be acknowledged while its children are only in memory.
        job.Admits.Flush(job);
        using var delete = job.Command("DELETE FROM frontier WHERE id = $id");
        delete.Parameters.AddWithValue("$id", lease.Id);
        delete.ExecuteNonQuery();
    }

    public async ValueTask<IReadOnlyList<ExportCheckpoint?>> LoadCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        return SqliteCrawlJob.ReadCheckpoints(job);
    }

    public ValueTask CommitAsync(IReadOnlyList<FrontierLease> acknowledged, IReadOnlyList<ExportCheckpoint?> checkpoints, CancellationToken cancellationToken = default) =>
        CommitAsync(acknowledged, checkpoints, new CrawlHistoryChanges(), cancellationToken);

    public async ValueTask<PageVisit?> LastVisitAsync(RequestFingerprint page, CancellationToken cancellationToken = default)
    {
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        return JobHistory.LastVisit(job, page);
    }

    public async ValueTask<UInt128?> ItemDigestAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        return JobHistory.ItemDigest(job, key);
    }

    public async ValueTask CommitAsync(IReadOnlyList<FrontierLease> acknowledged, IReadOnlyList<ExportCheckpoint?> checkpoints, CrawlHistoryChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(acknowledged);
        ArgumentNullException.ThrowIfNull(checkpoints);
        var data = System.Text.Json.JsonSerializer.Serialize([.. checkpoints], CheckpointJson.Default.ExportCheckpointArray);
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        JobWrites.Run(job, () =>
        {
            using var transaction = job.Connection.BeginTransaction();
            // The requests the acknowledged ones yielded are written in the same transaction as their acknowledgement.
            job.Admits.Write(job, transaction);
            using (var delete = job.Command("DELETE FROM frontier WHERE id = $id", transaction))
            {
                var id = delete.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
                foreach (var lease in acknowledged)
                {
                    id.Value = lease.Id;
                    delete.ExecuteNonQuery();
                }
            }

            using (var save = job.Command($"INSERT OR REPLACE INTO scraper_state (key, value) VALUES ('{CheckpointJson.Key}', $value)", transaction))
            {
                save.Parameters.AddWithValue("$value", data);
                save.ExecuteNonQuery();
            }

            JobHistory.Record(job, transaction, changes, time.GetUtcNow());
            transaction.Commit();
        });
        job.Admits.Saved(job);
    }

    public async ValueTask MarkFinishedAsync(CancellationToken cancellationToken = default)
    {
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        SqliteCrawlJob.MarkFinished(job);
    }

    public async ValueTask<bool> HasSeededStartRequestsAsync(CancellationToken cancellationToken = default)
    {
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        using var read = job.Command($"SELECT value FROM scraper_state WHERE key = '{SeededKey}'");
        return read.ExecuteScalar() is "1";
    }

    public async ValueTask MarkStartRequestsSeededAsync(CancellationToken cancellationToken = default)
    {
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        // The start requests are in the file before they are marked as seeded.
        job.Admits.Flush(job);
        using var write = job.Command($"INSERT OR REPLACE INTO scraper_state (key, value) VALUES ('{SeededKey}', '1')");
        write.ExecuteNonQuery();
    }

    // The job owns the connection; a run only borrows the frontier.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private (long Id, byte[] Data)? Lease(long until)
    {
        if (_leases.TryTake(out var lease))
        {
            return lease;
        }

        // What was admitted goes in first, in the same transaction (one commit, not two), so the batch is the next
        // requests of all of them.
        List<(long Id, int Priority, byte[] Data)> rows = [];
        JobWrites.Run(job, () =>
        {
            using var transaction = job.Connection.BeginTransaction();
            job.Admits.Write(job, transaction);
            rows = LeaseBuffer.Take(job, transaction, until, _leaseBatch);
            transaction.Commit();
        });
        job.Admits.Saved(job);
        return _leases.Hold(rows) > 0 && _leases.TryTake(out lease) ? lease : null;
    }

    private int ReclaimExpired(long now)
    {
        using var reclaim = job.Command("UPDATE frontier SET leased_until = NULL WHERE leased_until IS NOT NULL AND leased_until <= $now");
        reclaim.Parameters.AddWithValue("$now", now);
        var reclaimed = reclaim.ExecuteNonQuery();
        Interlocked.Add(ref _waiting, reclaimed);
        return reclaimed;
    }
}
