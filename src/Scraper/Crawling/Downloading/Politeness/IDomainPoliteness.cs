namespace Scraper.Crawling.Downloading.Politeness;

/// <summary>
/// Politeness towards one domain: at most N requests in flight, sends spaced by the delay, and a pause after
/// Retry-After that holds every later send. Implementations are thread-safe.
/// </summary>
public interface IDomainPoliteness
{
    /// <summary>Gets the domain key, for log lines.</summary>
    string Key { get; }

    /// <summary>
    /// Gets the end of the domain's current pause as this worker last saw it (for the gauges and the status page);
    /// <see cref="DateTimeOffset.MinValue"/> when it is not paused or the implementation does not know.
    /// </summary>
    DateTimeOffset PausedUntil => DateTimeOffset.MinValue;

    /// <summary>Waits for a free place and for the domain's next send time, then holds the place until the result is disposed.</summary>
    /// <param name="cancellationToken">Cancels the wait; no place is held then.</param>
    /// <returns>The place; dispose it once the attempt is answered.</returns>
    ValueTask<PolitenessPlace> AcquireAsync(CancellationToken cancellationToken = default);

    /// <summary>Gives back a place taken by <see cref="AcquireAsync"/> (what disposing the place calls).</summary>
    void Release();

    /// <summary>Holds every later send to the domain until the given time (Retry-After, a 429 backoff).</summary>
    /// <param name="until">The end of the pause.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pause is recorded.</returns>
    ValueTask PauseUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Raises the domain's delay to at least robots.txt's Crawl-delay.</summary>
    /// <param name="crawlDelay">The Crawl-delay.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the delay is recorded.</returns>
    ValueTask ApplyCrawlDelayAsync(TimeSpan crawlDelay, CancellationToken cancellationToken = default);

    /// <summary>Feeds one attempt's latency to the adaptive throttle, when the implementation has one.</summary>
    /// <param name="latency">From acquiring the place to the answer.</param>
    /// <param name="ok">Whether the answer was a success (an error never lowers the delay).</param>
    void RecordLatency(TimeSpan latency, bool ok);
}
