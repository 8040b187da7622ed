using Microsoft.Extensions.Logging;
using Scraper.Crawling.Incremental;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Stats;
using Scraper.Items;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Collects the acknowledgements of requests whose items are all written, and commits them with the exporters'
/// checkpoints in one transaction every <see cref="ICheckpointingFrontier.CommitBatchSize"/> acknowledgements or
/// <see cref="ICheckpointingFrontier.CommitInterval"/>, and at the end: one disk sync and one SQLite transaction per batch instead of per request. Called by the item sink's one
/// consumer task only. Acknowledgements not committed when the process dies are simply handed out again, and the
/// export is cut back to the checkpoint that went with the last commit, so nothing is written twice.
/// </summary>
internal sealed class ExportCommitter(string spiderName, ICheckpointingFrontier frontier, IList<IItemExporter> exporters, CrawlStats stats, TimeProvider time, ILogger logger, IncrementalGate? incremental = null, Action<Exception>? onFailed = null)
{
    public ICheckpointingFrontier Frontier { get; } = frontier;

    private readonly int _batchSize = Math.Max(1, frontier.CommitBatchSize);
    private readonly TimeSpan _interval = frontier.CommitInterval;
    private readonly List<FrontierLease> _pending = new(Math.Clamp(frontier.CommitBatchSize, 1, 4096));
    private long _lastCommit = time.GetTimestamp();

    // Set once a commit failed on storage: the run is stopping, and committing again at every acknowledgement of the
    // requests still in flight would only log the same failure again; the end's CommitAsync tries once more.
    private bool _failedOnStorage;

    public ValueTask AcknowledgeAsync(FrontierLease lease, CancellationToken cancellationToken)
    {
        _pending.Add(lease);
        return _pending.Count >= _batchSize && !_failedOnStorage ? CommitAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Gets a value indicating whether acknowledgements wait to be committed.</summary>
    public bool HasPending => _pending.Count > 0;

    /// <summary>Gets how long until the waiting acknowledgements are due (zero when they are).</summary>
    public TimeSpan DueIn => _interval - time.GetElapsedTime(_lastCommit) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    /// <summary>Commits when acknowledgements have waited for the frontier's commit interval (checked whenever the queue runs empty).</summary>
    public ValueTask CommitIfDueAsync(CancellationToken cancellationToken) =>
        _pending.Count > 0 && !_failedOnStorage && time.GetElapsedTime(_lastCommit) >= _interval ? CommitAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <summary>
    /// Commits the waiting acknowledgements now, without waiting for the commit interval: the crawl has nothing left in
    /// flight, and a shared crawl's other workers wait for these leases to end before the crawl can.
    /// </summary>
    public ValueTask CommitNowAsync(CancellationToken cancellationToken) =>
        _pending.Count > 0 && !_failedOnStorage ? CommitAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <summary>
    /// Waits for the next entry of the item queue; when acknowledgements wait and nothing comes before they are due,
    /// commits them meanwhile. A shared crawl's other workers wait for these leases to end, and a quiet spell (the
    /// crawl's tail, a Retry-After pause) must not hold them.
    /// </summary>
    public async ValueTask<bool> WaitToReadAsync<T>(System.Threading.Channels.ChannelReader<T> reader, CancellationToken cancellationToken)
    {
        var next = reader.WaitToReadAsync(cancellationToken);
        if (next.IsCompleted || _pending.Count == 0 || _failedOnStorage)
        {
            return await next.ConfigureAwait(false);
        }

        var waiting = next.AsTask();
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var due = Task.Delay(DueIn, time, quiet.Token);
        if (await Task.WhenAny(waiting, due).ConfigureAwait(false) == due && due.IsCompletedSuccessfully)
        {
            await CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await quiet.CancelAsync().ConfigureAwait(false);
        }

        return await waiting.ConfigureAwait(false);
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        try
        {
            var checkpoints = new ExportCheckpoint?[exporters.Count];
            for (var i = 0; i < checkpoints.Length; i++)
            {
                if (exporters[i] is ICheckpointableExporter { CanCheckpoint: true } checkpointable)
                {
                    checkpoints[i] = await checkpointable.CheckpointAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            // An incremental crawl's visits and item versions go in the same transaction as the checkpoints that cover them.
            if (incremental is not null && Frontier is ICrawlHistory history)
            {
                await history.CommitAsync(_pending, checkpoints, incremental.Changes, cancellationToken).ConfigureAwait(false);
                incremental.Committed();
            }
            else
            {
                await Frontier.CommitAsync(_pending, checkpoints, cancellationToken).ConfigureAwait(false);
            }

            _pending.Clear();
            _lastCommit = time.GetTimestamp();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A full disk, say: nothing is lost (the requests stay leased and are handed out again on resume), but a run
            // that cannot commit must not go on as if it could, nor end as complete: a storage failure fails it.
            stats.Error(ex);
            if (ex is IOException && onFailed is not null)
            {
                ItemLog.CommitFailedOnStorage(logger, ex, spiderName, _pending.Count);
                _failedOnStorage = true;
                onFailed(ex);
            }
            else
            {
                // Anything else may pass (a locked database, say): the acknowledgements stay pending for the next batch.
                ItemLog.CommitFailed(logger, ex, spiderName, _pending.Count);
            }
        }
    }
}
