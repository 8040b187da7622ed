using System.Collections.Concurrent;
using System.Globalization;
using Scraper.Crawling.Scheduling;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// Taking requests out in batches: one script call leases up to <see cref="RedisCrawlOptions.Prefetch"/> requests
/// (at most this worker's fair share of what is waiting), and the crawl loop's next dequeues are served from this
/// worker's buffer, in the order popped, without a round trip each. A buffered request is leased like one in flight:
/// it is held, so the heartbeat extends it, a worker that stops in order hands it back at once
/// (<see cref="ReturnLeasesAsync"/>), and a killed worker's goes to another after the lease timeout.
/// </summary>
internal sealed partial class RedisFrontier
{
    // Leased by this worker's last batch and not served yet: (id, stored request), in the order the queue gave them.
    private readonly ConcurrentQueue<(long Id, byte[]? Data)> _buffer = new();

    /// <summary>Gets how many leased requests wait in this worker's buffer (for tests).</summary>
    internal int Buffered => _buffer.Count;

    public async ValueTask<FrontierLease?> TryDequeueAsync(CancellationToken cancellationToken = default)
    {
        var context = Context;
        if (_crawl.Options.SeedOnly)
        {
            return null;
        }

        if (!_buffer.TryDequeue(out var next) && (!await LeaseBatchAsync().ConfigureAwait(false) || !_buffer.TryDequeue(out next)))
        {
            return null;
        }

        try
        {
            var data = next.Data ?? throw new InvalidDataException($"Shared crawl {_keys.Crawl}: request {next.Id} is leased but its data is missing from {(string?)_keys.Requests}.");
            return new FrontierLease(context.Codec.Deserialize(data), next.Id);
        }
        catch
        {
            // An entry this run cannot read (another spider version): not extended, so it goes back after the timeout.
            _held.TryRemove(next.Id, out _);
            throw;
        }
    }

    /// <summary>Leases the next batch into the buffer in one script call; false when nothing was waiting.</summary>
    private async Task<bool> LeaseBatchAsync()
    {
        await _crawl.PendingReleases.FlushAsync().ConfigureAwait(false);
        var now = _crawl.Time.GetUtcNow();
        // A retried call whose first answer was lost leased a batch nobody serves: it is not extended, so it goes back
        // to the queue after the lease timeout, as a single lost lease did.
        var result = (RedisResult[]?)(await EvaluateAsync(FrontierScripts.Dequeue, [.. QueueKeys, _keys.Live], [now.ToUnixTimeMilliseconds(), Expiry(now), _crawl.Worker, _crawl.Options.Prefetch]).ConfigureAwait(false)) ?? [];
        Interlocked.Exchange(ref _waiting, result.Length > 0 ? (long)result[0] : 0);
        for (var i = 1; i + 1 < result.Length; i += 2)
        {
            var id = long.Parse((string?)result[i] ?? "", CultureInfo.InvariantCulture);
            // Held before it can be served, so the heartbeat extends it from now on.
            _held[id] = 0;
            _buffer.Enqueue((id, (byte[]?)result[i + 1]));
        }

        return result.Length > 1;
    }
}
