using Scraper.Crawling.Scheduling;

namespace Scraper.Crawling.Engine;

/// <summary>
/// The crawl's loop and its global concurrency: takes requests from the frontier while a global place is free, starts
/// each one, and ends when the frontier is empty and nothing is in flight (anything in flight may still add requests),
/// or when a limit is reached. A shared frontier ends it only once no worker holds a lease either
/// (<see cref="IFrontier.WaitForWorkAsync"/>). Every request it starts calls <see cref="Finished"/> once when it ends.
/// What a request does is the run's (<see cref="CrawlRun"/> gives the loop its start function); the loop only lends a
/// request's global place out while it backs off (<see cref="WaitWithoutGlobalPlaceAsync"/>) and waits for the requests
/// in flight when the run ends (<see cref="DrainAsync"/>).
/// </summary>
internal sealed class CrawlLoop : IDisposable
{
    private readonly IFrontier _frontier;
    private readonly SemaphoreSlim _globalSlots;
    private readonly TimeProvider _time;
    private readonly Func<bool> _limitReached;
    private readonly Func<CancellationToken, ValueTask>? _idle;
    private int _inFlight;

    /// <param name="frontier">Where the requests come from.</param>
    /// <param name="concurrency">The number of requests in flight at once, across domains.</param>
    /// <param name="time">The clock of backoff waits.</param>
    /// <param name="limitReached">Whether a crawl limit was reached: the loop starts nothing more then.</param>
    /// <param name="idle">Called when nothing is in flight and nothing is waiting, before the loop waits for work.</param>
    public CrawlLoop(IFrontier frontier, int concurrency, TimeProvider time, Func<bool> limitReached, Func<CancellationToken, ValueTask>? idle = null)
    {
        _idle = idle;
        _frontier = frontier;
        _globalSlots = new SemaphoreSlim(concurrency, concurrency);
        _time = time;
        _limitReached = limitReached;
    }

    /// <summary>Gets the signal the loop sleeps on: set when a request ends, is enqueued or a limit is reached.</summary>
    public WakeSignal Wake { get; } = new();

    /// <summary>Gets the number of requests started and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Runs the loop until the crawl's work is done or a limit is reached.</summary>
    /// <param name="start">Starts one request; it never throws, and calls <see cref="Finished"/> when the request ends.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    public async Task RunAsync(Func<FrontierLease, CancellationToken, Task> start, CancellationToken cancellationToken)
    {
        while (!_limitReached())
        {
            await _globalSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (_limitReached())
            {
                // A limit was reached while this loop waited for a place: start nothing more.
                _globalSlots.Release();
                return;
            }

            var lease = await _frontier.TryDequeueAsync(cancellationToken).ConfigureAwait(false);
            if (lease is null && InFlight == 0)
            {
                // Nothing in flight: whatever those requests enqueued happened before they finished, so a last look is final.
                lease = await _frontier.TryDequeueAsync(cancellationToken).ConfigureAwait(false);
                if (lease is null)
                {
                    _globalSlots.Release();
                    if (_idle is not null)
                    {
                        await _idle(cancellationToken).ConfigureAwait(false);
                    }

                    // A shared frontier may still get work from other workers' leases: the crawl ends when it says so.
                    if (await _frontier.WaitForWorkAsync(cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    return;
                }
            }

            if (lease is null)
            {
                _globalSlots.Release();
                await Wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            Interlocked.Increment(ref _inFlight);
            // Not fire-and-forget: the started request never throws, and every one is counted in InFlight, which
            // DrainAsync waits down to zero before the run ends. Holding Task objects would only cost memory.
            _ = start(lease, cancellationToken);
        }
    }

    /// <summary>Marks a started request as ended: its global place is free again and the loop wakes.</summary>
    public void Finished()
    {
        Interlocked.Decrement(ref _inFlight);
        _globalSlots.Release();
        Wake.Set();
    }

    /// <summary>
    /// Waits out one request's backoff without holding a place in the global concurrency: other requests keep
    /// going meanwhile, and the run does not end, since the request is still counted in flight.
    /// </summary>
    /// <param name="delay">The backoff.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public async Task WaitWithoutGlobalPlaceAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        _globalSlots.Release();
        Wake.Set();
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Taken back even when stopping, without a token: Finished releases it, and a place released twice would
            // break the count. Places free up as the requests in flight end, and the loop starts nothing more once
            // stopped, so this wait is short.
            await _globalSlots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every request in flight has finished, or the token is cancelled (the shutdown time ran out).</summary>
    /// <param name="cancellationToken">Ends the wait early.</param>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (InFlight > 0)
            {
                await Wake.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The shutdown time ran out; flush what has been scraped anyway.
        }
    }

    public void Dispose() => _globalSlots.Dispose();
}
