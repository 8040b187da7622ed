using System.Collections.Concurrent;
using Scraper.Crawling.Downloading.Politeness;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>One domain's shared politeness: a place is a member of the domain's Redis set of requests in flight.</summary>
internal sealed class RedisDomainPoliteness : IDomainPoliteness, IDisposable
{
    private readonly RedisCrawl _crawl;
    private readonly int _limit;
    private readonly long _delayMilliseconds;
    private readonly bool _randomize;
    private readonly RedisKey _places;
    private readonly RedisKey _state;
    private readonly Pulse _released;
    // This worker's places in the domain: any one can be given back, they only differ by when they expire.
    private readonly ConcurrentBag<string> _held = [];
    // This worker never holds more than the crawl's limit: waiting here first keeps all but that many off Redis.
    private readonly SemaphoreSlim _local;
    private long _sequence;

    public RedisDomainPoliteness(RedisCrawl crawl, string key, int limit, TimeSpan delay, bool randomize)
    {
        _crawl = crawl;
        Key = key;
        _limit = limit;
        _delayMilliseconds = (long)delay.TotalMilliseconds;
        _randomize = randomize;
        _places = crawl.Keys.Places(key);
        _state = crawl.Keys.Politeness(key);
        _released = crawl.Released(key);
        _local = new SemaphoreSlim(limit, limit);
    }

    public string Key { get; }

    public async ValueTask<PolitenessPlace> AcquireAsync(CancellationToken cancellationToken = default)
    {
        await _local.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await AcquireSharedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _local.Release();
            throw;
        }
    }

    private async ValueTask<PolitenessPlace> AcquireSharedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Taken before the script, so a release between the script and the wait wakes this one.
            var released = _released.Next;
            await _crawl.PendingReleases.FlushAsync().ConfigureAwait(false);
            var (taken, wait) = await TryTakeAsync().ConfigureAwait(false);
            if (!taken)
            {
                // Full across the crawl: woken when any worker frees a place here, or when the oldest place expires.
                await Pulse.WaitAsync(released, wait, _crawl.Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _crawl.Time, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    ReleaseShared();
                    throw;
                }
            }

            return new PolitenessPlace(this);
        }
    }

    /// <summary>
    /// Takes a place when the domain has one free across the crawl, and says how long to wait before sending (the
    /// delay, a Crawl-delay, a pause); or says it is full and how long to wait at most for a release.
    /// </summary>
    internal async Task<(bool Taken, TimeSpan Wait)> TryTakeAsync()
    {
        var place = $"{_crawl.Worker}:{Interlocked.Increment(ref _sequence)}";
        var now = _crawl.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var jitter = _randomize ? 0.5 + Random.Shared.NextDouble() : 1.0;
        var answer = (RedisResult[]?)(await _crawl.Database.ScriptEvaluateAsync(
            PolitenessScripts.Acquire,
            [_places, _state],
            [now, _limit, _delayMilliseconds, jitter, place, (long)_crawl.Options.LeaseTimeout.TotalMilliseconds]).ConfigureAwait(false)) ?? [];
        var taken = (long)answer[0] == 1;
        if (taken)
        {
            _held.Add(place);
        }

        return (taken, TimeSpan.FromMilliseconds((long)answer[1]));
    }

    public void Release()
    {
        ReleaseShared();
        _local.Release();
    }

    public void Dispose() => _local.Dispose();

    private void ReleaseShared()
    {
        if (_held.TryTake(out var place))
        {
            _crawl.PendingReleases.Release(_places, place, Key);
        }
    }

    // The pauses this worker asked for, for its gauges and status page; another worker's pause is seen by the
    // shared script when acquiring, not here.
    private long _pausedUntilMilliseconds = long.MinValue;

    public DateTimeOffset PausedUntil => Interlocked.Read(ref _pausedUntilMilliseconds) is var ms && ms == long.MinValue
        ? DateTimeOffset.MinValue
        : DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public async ValueTask PauseUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var ms = until.ToUnixTimeMilliseconds();
        for (var seen = Interlocked.Read(ref _pausedUntilMilliseconds); ms > seen; seen = Interlocked.Read(ref _pausedUntilMilliseconds))
        {
            if (Interlocked.CompareExchange(ref _pausedUntilMilliseconds, ms, seen) == seen)
            {
                break;
            }
        }

        await _crawl.Database.ScriptEvaluateAsync(PolitenessScripts.Raise, [_state], ["paused", ms]).ConfigureAwait(false);
    }

    public async ValueTask ApplyCrawlDelayAsync(TimeSpan crawlDelay, CancellationToken cancellationToken = default) =>
        await _crawl.Database.ScriptEvaluateAsync(PolitenessScripts.Raise, [_state], ["crawl_delay", (long)crawlDelay.TotalMilliseconds]).ConfigureAwait(false);

    public void RecordLatency(TimeSpan latency, bool ok)
    {
        // The adaptive throttle is not shared: each worker's latency says little about the others' load.
    }
}
