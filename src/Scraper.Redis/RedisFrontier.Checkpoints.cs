using System.Text.Json;
using Microsoft.Extensions.Logging;
using Scraper.Crawling.Scheduling;
using Scraper.Items;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// Exactly-once output across workers (the acknowledgement rule of a job file, in Redis): a worker acknowledges a
/// request only once every item its callback yielded is written and flushed by its exporters, and its batch of
/// acknowledgements, its exporters' checkpoints (kept per worker name) and the items for the crawl's streams are
/// committed in one script. A killed worker's uncommitted requests go to another worker after the lease timeout and
/// are scraped there; restarted under the same name, it reopens its export at its checkpoint, cutting off the rest.
/// </summary>
internal sealed partial class RedisFrontier : ICheckpointingFrontier
{
    private bool _resuming;
    private long _commits;
    // The checkpoints stored last (loaded, or committed by this run): their files tell whether the export was published.
    private IReadOnlyList<ExportCheckpoint?> _committed = [];
    private bool _finished;

    public int CommitBatchSize => _crawl.Options.CommitBatchSize;

    public TimeSpan CommitInterval => _crawl.Options.CommitInterval;

    // Other workers wait for this worker's leases at the crawl's end: a request that failed is done, as in memory.
    public bool WithholdsFailedRequests => false;

    public async ValueTask<IReadOnlyList<ExportCheckpoint?>> LoadCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        var checkpoints = await _crawl.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        _resuming = checkpoints.Count > 0;
        _committed = checkpoints;
        if (_resuming)
        {
            // Resumed, so not published: a publishing mark left by a run killed before its exporters published goes.
            await _crawl.Database.HashDeleteAsync(_keys.Publishing, _crawl.Worker).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return checkpoints;
    }

    public async ValueTask CommitAsync(IReadOnlyList<FrontierLease> acknowledged, IReadOnlyList<ExportCheckpoint?> checkpoints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acknowledged);
        ArgumentNullException.ThrowIfNull(checkpoints);
        var streams = _crawl.OpenStreams();
        RedisKey[] keys = [.. QueueKeys, _keys.Checkpoints, _keys.Commits, .. streams.Select(stream => (RedisKey)stream.Key)];
        var values = new List<RedisValue>(5 + acknowledged.Count + streams.Sum(stream => 2 + stream.Sealed.Count))
        {
            _crawl.Worker,
            _keys.WorkChannel.ToString(),
            checkpoints.Any(checkpoint => checkpoint is not null) ? JsonSerializer.Serialize([.. checkpoints], RedisCheckpointJson.Default.ExportCheckpointArray) : "",
            // One id per commit, the same for its retries (see CommitScripts.Commit).
            $"{_operations}:{Interlocked.Increment(ref _commits)}",
            acknowledged.Count,
        };
        values.AddRange(acknowledged.Select(lease => (RedisValue)Member(lease.Id)));
        var counts = new int[streams.Length];
        for (var i = 0; i < streams.Length; i++)
        {
            counts[i] = streams[i].Sealed.Count;
            values.Add(streams[i].MaxLength ?? 0);
            values.Add(counts[i]);
            values.AddRange(streams[i].Sealed.Select(entry => (RedisValue)entry));
        }

        var answer = (long)await EvaluateAsync(CommitScripts.Commit, keys, [.. values]).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (answer < 0)
        {
            throw new RedisLeaseLostException($"Shared crawl '{_keys.Crawl}': {-answer} of the {acknowledged.Count} requests worker '{_crawl.Worker}' finished were handed to another worker meanwhile (it did not extend its leases within the lease timeout, {_crawl.Options.LeaseTimeout.TotalSeconds:0.#} s). Nothing was committed; restart the worker with the same name to resume its export at its last checkpoint.");
        }

        if (checkpoints.Any(checkpoint => checkpoint is not null))
        {
            _committed = checkpoints;
        }

        foreach (var lease in acknowledged)
        {
            _held.TryRemove(lease.Id, out _);
        }

        for (var i = 0; i < streams.Length; i++)
        {
            streams[i].Committed(counts[i]);
        }
    }

    /// <summary>
    /// Marks the end of this worker's run, before its exporters publish: the worker is marked as publishing and, when the
    /// whole crawl is over, the crawl finished. Its checkpoint stays until <see cref="DisposeAsync"/> sees the export
    /// published (<see cref="ConfirmPublishedAsync"/>). Unlike a job file, whose next run can start over and scrape
    /// everything again, a shared crawl's requests are acknowledged for good: dropping the checkpoint first would leave
    /// a worker killed before the publication with committed items in no output and nothing to resume them from.
    /// </summary>
    public async ValueTask MarkFinishedAsync(CancellationToken cancellationToken = default)
    {
        await EvaluateAsync(CommitScripts.Finish, [_keys.Publishing, _keys.Finished, _keys.Queue, _keys.Leases, _keys.Seeded], [_crawl.Worker]).WaitAsync(cancellationToken).ConfigureAwait(false);
        _finished = true;
    }

    /// <summary>
    /// Once the run's exporters were closed (the crawler disposes its frontier after them): a finished run whose export
    /// was published drops its checkpoint. One whose temporary file is still there was not published (the move
    /// failed): the checkpoint stays, so the worker restarted under its name resumes that file and publishes it.
    /// </summary>
    private async Task ConfirmPublishedAsync()
    {
        if (!_finished)
        {
            return;
        }

        if (!RedisCrawl.IsPublished(_committed))
        {
            ExportNotPublished(_logger, _keys.Crawl, _crawl.Worker);
            return;
        }

        try
        {
            await _crawl.DropPublishedCheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            // The worker restarted under its name finds its export published and drops the checkpoint then.
            CheckpointNotDropped(_logger, ex, _keys.Crawl, _crawl.Worker);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crawl {Crawl}: worker {Worker} ended but its export was not published; its checkpoint is kept: restart it under the same name to publish it.")]
    private static partial void ExportNotPublished(ILogger logger, string crawl, string worker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crawl {Crawl}: worker {Worker} published its export but could not drop its checkpoint; restarted under its name, it finds the export published.")]
    private static partial void CheckpointNotDropped(ILogger logger, Exception exception, string crawl, string worker);

    /// <summary>
    /// A crawl that ended is not crawled again under its name by a new worker (it would find nothing to do and publish
    /// an empty export): it is refused, naming --fresh. A worker with committed items still resumes, to publish them.
    /// </summary>
    private async ValueTask RefuseIfFinishedAsync(CancellationToken cancellationToken)
    {
        if (!_resuming && await _crawl.Database.KeyExistsAsync(_keys.Finished).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Shared crawl '{_keys.Crawl}' is finished: every request of it was crawled. Start it over with --fresh (RedisCrawl.ResetAsync), or give another --crawl name.");
        }
    }

    /// <summary>
    /// Admits requests with their fingerprints, <see cref="AdmitChunk"/> to a script (see <see cref="CommitScripts.Admit"/>):
    /// a page's links in one round trip, and a script short enough not to hold Redis up for the other workers.
    /// </summary>
    private async Task<long> AdmitAsync(IReadOnlyList<Crawling.Request> requests)
    {
        var context = Context;
        var waiting = Count;
        foreach (var chunk in requests.Chunk(AdmitChunk))
        {
            var values = new RedisValue[2 + (4 * chunk.Length)];
            values[0] = _keys.WorkChannel.ToString();
            var operation = _keys.Operation($"{_operations}:{Interlocked.Increment(ref _enqueued)}");
            values[1] = chunk.Any(request => request.DontFilter) ? _crawl.OperationLifetime : RedisValue.EmptyString;
            for (var i = 0; i < chunk.Length; i++)
            {
                var request = chunk[i];
                values[2 + (4 * i)] = request.Priority;
                values[3 + (4 * i)] = context.Codec.Serialize(request);
                values[4 + (4 * i)] = context.Fingerprint(request).ToBytes();
                values[5 + (4 * i)] = request.DontFilter ? 1 : 0;
            }

            waiting = (long)await EvaluateAsync(CommitScripts.Admit, [_keys.Queue, _keys.Requests, _keys.Priorities, _keys.Sequence, _keys.Seen, operation], values).ConfigureAwait(false);
        }

        return waiting;
    }
}
