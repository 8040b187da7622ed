using System.Text.Json;
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

    public int CommitBatchSize => _crawl.Options.CommitBatchSize;

    public TimeSpan CommitInterval => _crawl.Options.CommitInterval;

    // Other workers wait for this worker's leases at the crawl's end: a request that failed is done, as in memory.
    public bool WithholdsFailedRequests => false;

    public async ValueTask<IReadOnlyList<ExportCheckpoint?>> LoadCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        var checkpoints = await _crawl.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        _resuming = checkpoints.Count > 0;
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

        foreach (var lease in acknowledged)
        {
            _held.TryRemove(lease.Id, out _);
        }

        for (var i = 0; i < streams.Length; i++)
        {
            streams[i].Committed(counts[i]);
        }
    }

    public async ValueTask MarkFinishedAsync(CancellationToken cancellationToken = default)
    {
        // Before the export is published: a kill in between leaves a published file and no checkpoint, never a
        // checkpoint into a file that is gone.
        await EvaluateAsync(CommitScripts.Finish, [_keys.Checkpoints, _keys.Finished, _keys.Queue, _keys.Leases, _keys.Seeded, _keys.Commits], [_crawl.Worker]).WaitAsync(cancellationToken).ConfigureAwait(false);
        _resuming = false;
    }

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

    /// <summary>Admits a request with its fingerprint in one script (see <see cref="CommitScripts.Admit"/>).</summary>
    private async Task<long> AdmitAsync(Crawling.Request request, byte[] data)
    {
        var fingerprint = Context.Fingerprint(request).ToBytes();
        var operation = _keys.Operation($"{_operations}:{Interlocked.Increment(ref _enqueued)}");
        var waiting = (long)await EvaluateAsync(CommitScripts.Admit, [_keys.Queue, _keys.Requests, _keys.Priorities, _keys.Sequence, _keys.Seen, operation], [request.Priority, data, _keys.WorkChannel.ToString(), fingerprint, request.DontFilter ? 1 : 0, _crawl.OperationLifetime]).ConfigureAwait(false);
        return waiting < 0 ? Count : waiting;
    }
}
