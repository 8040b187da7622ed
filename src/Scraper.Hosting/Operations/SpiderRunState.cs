using Scraper.Crawling;

namespace Scraper.Hosting.Operations;

/// <summary>One spider of the host: its schedule, when it is next due, and its current run.</summary>
internal sealed class SpiderRunState(string name, string? schedule, int order)
{
    private readonly Lock _lock = new();
    private Task<CrawlResult?>? _current;
    private CancellationTokenSource? _stop;
    private DateTimeOffset? _nextDue;
    private DateTimeOffset? _runningSince;
    private bool _loopEnded;

    public string Name { get; } = name;

    public string? Schedule { get; } = schedule;

    public int Order { get; } = order;

    /// <summary>Gets when the schedule loop will start the next run; null without a schedule or once the loop ended.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_lock)
            {
                return _loopEnded ? null : _nextDue;
            }
        }
    }

    /// <summary>Gets when the current run started; null when none is going.</summary>
    public DateTimeOffset? RunningSince
    {
        get
        {
            lock (_lock)
            {
                return _current is { IsCompleted: false } ? _runningSince : null;
            }
        }
    }

    /// <summary>Gets whether the schedule loop has ended (the host is stopping, or the schedule has no next time).</summary>
    public bool LoopEnded
    {
        get
        {
            lock (_lock)
            {
                return _loopEnded;
            }
        }
    }

    public Task<CrawlResult?>? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public void Scheduled(DateTimeOffset due)
    {
        lock (_lock)
        {
            _nextDue = due;
        }
    }

    public void EndLoop()
    {
        lock (_lock)
        {
            _loopEnded = true;
        }
    }

    public Task<CrawlResult?>? TryStart(Func<CancellationToken, Task<CrawlResult?>> run, DateTimeOffset now, CancellationToken stoppingToken)
    {
        CancellationTokenSource stop;
        lock (_lock)
        {
            if (_current is { IsCompleted: false })
            {
                return null;
            }

            _stop?.Dispose();
            stop = _stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _runningSince = now;
            // Started under the lock: a second TryStart sees this run as going.
            _current = run(stop.Token);
            return _current;
        }
    }

    public bool Stop()
    {
        CancellationTokenSource stop;
        lock (_lock)
        {
            if (_current is not { IsCompleted: false } || _stop is null)
            {
                return false;
            }

            stop = _stop;
        }

        // Cancelled outside the lock: the crawl's own cancellation callbacks may run on this thread.
        try
        {
            stop.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            // The run ended and the next one started meanwhile: nothing of this run is left to stop.
            return false;
        }
    }
}
