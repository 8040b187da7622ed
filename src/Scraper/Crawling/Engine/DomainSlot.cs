using Scraper.Crawling.Downloading.Politeness;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Politeness towards one domain: at most N requests in flight, sends spaced by the delay (configured, robots
/// Crawl-delay or adaptive, with jitter), and a pause after Retry-After or a backoff that holds only this domain:
/// the in-process <see cref="IDomainPoliteness"/>.
/// </summary>
internal sealed class DomainSlot : IDomainPoliteness, IDisposable
{
    private readonly SemaphoreSlim _concurrency;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly bool _randomize;
    private readonly TimeSpan _minimumDelay;
    private readonly AutoThrottleOptions _throttle;
    private DateTimeOffset _nextSend;
    private DateTimeOffset _pausedUntil;
    private TimeSpan _delay;

    public DomainSlot(string key, int concurrency, TimeSpan delay, bool randomize, AutoThrottleOptions throttle, TimeProvider timeProvider)
    {
        Key = key;
        _concurrency = new SemaphoreSlim(concurrency, concurrency);
        _timeProvider = timeProvider;
        _randomize = randomize;
        _minimumDelay = delay;
        _throttle = throttle;
        _delay = throttle.Enabled ? Max(delay, throttle.StartDelay) : delay;
    }

    public string Key { get; }

    public TimeSpan Delay
    {
        get
        {
            lock (_lock)
            {
                return _delay;
            }
        }
    }

    /// <summary>Waits for a free place and for this domain's next send time, then holds the place until disposed.</summary>
    public async ValueTask<PolitenessPlace> AcquireAsync(CancellationToken cancellationToken = default)
    {
        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _timeProvider.GetUtcNow();
                var sendAt = Max(now, Max(_nextSend, _pausedUntil));
                _nextSend = sendAt + Jittered(_delay);
                wait = sendAt - now;
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            return new PolitenessPlace(this);
        }
        catch
        {
            _concurrency.Release();
            throw;
        }
    }

    /// <summary>Gets the time sends to this domain are held until (in the past when not paused).</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_lock)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>Holds every later send to this domain until the given time (Retry-After, backoff).</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    public ValueTask PauseUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        PauseUntil(until);
        return ValueTask.CompletedTask;
    }

    public ValueTask ApplyCrawlDelayAsync(TimeSpan crawlDelay, CancellationToken cancellationToken = default)
    {
        ApplyCrawlDelay(crawlDelay);
        return ValueTask.CompletedTask;
    }

    public void Release() => _concurrency.Release();

    /// <summary>Raises the delay to at least robots.txt's Crawl-delay.</summary>
    public void ApplyCrawlDelay(TimeSpan crawlDelay)
    {
        lock (_lock)
        {
            _delay = Max(_delay, crawlDelay);
        }
    }

    /// <summary>
    /// The adaptive throttle (Scrapy's AutoThrottle): aim the delay at latency / target concurrency, moving half way
    /// each time; an error never lowers it.
    /// </summary>
    public void RecordLatency(TimeSpan latency, bool ok)
    {
        if (!_throttle.Enabled)
        {
            return;
        }

        lock (_lock)
        {
            var target = TimeSpan.FromTicks((long)(latency.Ticks / _throttle.TargetConcurrency));
            var next = (_delay + target) / 2;
            if (!ok && next < _delay)
            {
                return;
            }

            _delay = Min(Max(next, _minimumDelay), _throttle.MaxDelay);
        }
    }

    public void Dispose() => _concurrency.Dispose();

    private TimeSpan Jittered(TimeSpan delay) =>
        !_randomize || delay == TimeSpan.Zero ? delay : delay * (0.5 + Random.Shared.NextDouble());

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
