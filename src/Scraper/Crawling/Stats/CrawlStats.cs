using System.Diagnostics.Metrics;
using Scraper.Telemetry;

namespace Scraper.Crawling.Stats;

/// <summary>
/// Scrapy-style counters of one crawl, safe to update from every callback at once, and mirrored to
/// <see cref="System.Diagnostics.Metrics"/> instruments (meter <c>Scraper</c>, see <see cref="ScraperMetrics"/>) tagged
/// with the spider's name, and the session and host where they belong.
/// </summary>
public sealed class CrawlStats
{
    /// <summary>The meter name the crawl's instruments are published under.</summary>
    public const string MeterName = ScraperMetrics.MeterName;

    private const int RecentErrorsKept = 20;

    private readonly TimeProvider _timeProvider;
    private readonly CounterSet<int> _responsesByStatus = new();
    private readonly CounterSet<string> _droppedItemsByReason = new(StringComparer.Ordinal);
    private readonly CounterSet<string> _droppedRequestsByReason = new(StringComparer.Ordinal);
    private readonly CounterSet<string> _errorsByType = new(StringComparer.Ordinal);
    private readonly CounterSet<string> _retriesByReason = new(StringComparer.Ordinal);
    private readonly CounterSet<string> _events = new(StringComparer.Ordinal);
    private readonly CrawlMeasurements _measurements;
    private readonly Queue<CrawlError> _recentErrors = new();
    private readonly Lock _recentErrorsLock = new();
    private long _browserPagesOpen;
    private long _requests;
    private long _responses;
    private long _bytes;
    private long _items;
    private long _retries;
    private long _logins;
    private int _maxDepth;

    /// <summary>Creates the counters of one crawl.</summary>
    /// <param name="spider">The spider's name, the tag on every instrument.</param>
    /// <param name="timeProvider">The clock for elapsed time and rates.</param>
    /// <param name="meterFactory">Creates the meter; a meter of its own when null.</param>
    public CrawlStats(string spider, TimeProvider timeProvider, IMeterFactory? meterFactory = null)
        : this(spider, timeProvider, new ScraperMetrics(meterFactory))
    {
    }

    internal CrawlStats(string spider, TimeProvider timeProvider, ScraperMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Spider = spider;
        _timeProvider = timeProvider;
        _measurements = new CrawlMeasurements(metrics, spider);
        StartedAt = timeProvider.GetUtcNow();
    }

    /// <summary>Gets the spider's name.</summary>
    public string Spider { get; }

    /// <summary>Gets when the crawl started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Gets the number of items scraped so far.</summary>
    public long Items => Interlocked.Read(ref _items);

    /// <summary>Gets the number of responses received so far.</summary>
    public long Responses => Interlocked.Read(ref _responses);

    /// <summary>Gets the number of browser pages open now (see <see cref="BrowserPageOpened"/>).</summary>
    public long BrowserPagesOpen => Interlocked.Read(ref _browserPagesOpen);

    /// <summary>Gets the instruments these counters are mirrored to.</summary>
    internal ScraperMetrics Metrics => _measurements.Metrics;

    /// <summary>Gets what this crawl measures on them.</summary>
    internal CrawlMeasurements Measurements => _measurements;

    /// <summary>Counts a browser page opened, for the <c>scraper.browser.pages.open</c> gauge; a rendering handler calls it.</summary>
    public void BrowserPageOpened() => Interlocked.Increment(ref _browserPagesOpen);

    /// <summary>Counts a browser page closed (once for each <see cref="BrowserPageOpened"/>, also when rendering failed).</summary>
    public void BrowserPageClosed() => Interlocked.Decrement(ref _browserPagesOpen);

    /// <summary>Gets the last errors (up to 20), oldest first, with the redacted URL they happened on when known.</summary>
    /// <returns>A copy.</returns>
    public IReadOnlyList<CrawlError> RecentErrors()
    {
        lock (_recentErrorsLock)
        {
            return [.. _recentErrors];
        }
    }

    /// <summary>One attempt reaches a handler: a request sent through a session to a host; returns its metrics series, if measured.</summary>
    internal RequestSeries? RequestSent(Uri url, string session)
    {
        Interlocked.Increment(ref _requests);
        return _measurements.RequestSent(url, session);
    }

    /// <summary>One answer came off the wire (every attempt and redirect hop): its status and body size.</summary>
    internal void ResponseDownloaded(RequestSeries? series, int status, long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        _responsesByStatus.Increment(status);
        _measurements.ResponseDownloaded(series, status, bytes);
    }

    /// <summary>One download attempt took <paramref name="elapsed"/> and ended with a status or an error type.</summary>
    internal void Downloaded(RequestSeries? series, TimeSpan elapsed, int? status, string? errorType) =>
        _measurements.Downloaded(series, elapsed, status, errorType);

    /// <summary>Gets whether download times are measured (a listener is attached to the histogram).</summary>
    internal bool TimesDownloads => _measurements.TimesDownloads;

    /// <summary>Gets whether callback times are measured.</summary>
    internal bool TimesCallbacks => _measurements.TimesCallbacks;

    /// <summary>Gets whether pipeline times are measured.</summary>
    internal bool TimesPipelines => _measurements.TimesPipelines;

    /// <summary>Reads the crawl's clock, to time a step with <see cref="CallbackTimed"/> or <see cref="PipelineTimed"/>.</summary>
    internal long Timestamp() => _timeProvider.GetTimestamp();

    internal void CallbackTimed(long started) => _measurements.CallbackTimed(_timeProvider.GetElapsedTime(started));

    internal void PipelineTimed(long started) => _measurements.PipelineTimed(_timeProvider.GetElapsedTime(started));

    /// <summary>A request got its final answer (after retries and redirects, or from a cache): one page crawled.</summary>
    internal void PageReceived(int depth)
    {
        Interlocked.Increment(ref _responses);
        int seen;
        while (depth > (seen = Volatile.Read(ref _maxDepth)) && Interlocked.CompareExchange(ref _maxDepth, depth, seen) != seen)
        {
        }
    }

    internal void ItemScraped()
    {
        Interlocked.Increment(ref _items);
        _measurements.ItemScraped();
    }

    internal void ItemDropped(string reason)
    {
        _droppedItemsByReason.Increment(reason);
        _measurements.ItemDropped(reason);
    }

    // No measurement here: the observable scraper.requests.dropped reads these counts when a listener collects.
    internal void RequestDropped(string reason) => _droppedRequestsByReason.Increment(reason);

    /// <summary>Gets the requests dropped so far, by reason.</summary>
    internal SortedDictionary<string, long> DroppedRequestCounts() => _droppedRequestsByReason.Snapshot(StringComparer.Ordinal);

    internal void Retried(string reason, Uri url, string session)
    {
        Interlocked.Increment(ref _retries);
        _retriesByReason.Increment(reason);
        _measurements.Retried(reason, url, session);
    }

    /// <summary>
    /// Counts a decision that is neither a drop nor an error (a page cut at the depth cap, a cache hit), shown in
    /// the summary under its key and in <see cref="CrawlStatsSnapshot.Events"/>.
    /// </summary>
    /// <param name="key">The counter's name, for example <c>httpcache/hit</c>.</param>
    public void Count(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _events.Increment(key);
    }

    internal void LoggedIn() => Interlocked.Increment(ref _logins);

    /// <summary>Starts from an earlier run's counters (a resumed job); its errors count under <c>EarlierRuns</c>.</summary>
    internal void Carry(CrawlTotals totals)
    {
        Interlocked.Add(ref _requests, totals.Requests);
        Interlocked.Add(ref _responses, totals.Responses);
        Interlocked.Add(ref _items, totals.Items);
        if (totals.Errors > 0)
        {
            _errorsByType.Add("EarlierRuns", totals.Errors);
        }
    }

    /// <summary>Counts an error by its type, and keeps it among the recent ones with the URL it happened on.</summary>
    internal void Error(Exception exception, Uri? url = null)
    {
        var type = exception.GetType().Name;
        _errorsByType.Increment(type);
        _measurements.Error(type);

        var error = new CrawlError(_timeProvider.GetUtcNow(), type, exception.Message, url is null ? null : Http.UrlRedaction.Redact(url));
        lock (_recentErrorsLock)
        {
            if (_recentErrors.Count == RecentErrorsKept)
            {
                _recentErrors.Dequeue();
            }

            _recentErrors.Enqueue(error);
        }
    }

    /// <summary>Takes a consistent-enough copy of the counters for logs and the run history.</summary>
    /// <returns>The snapshot.</returns>
    public CrawlStatsSnapshot Snapshot()
    {
        var now = _timeProvider.GetUtcNow();
        var elapsed = now - StartedAt;
        var minutes = Math.Max(elapsed.TotalMinutes, 1e-9);
        var responses = Interlocked.Read(ref _responses);
        var items = Interlocked.Read(ref _items);
        return new CrawlStatsSnapshot(
            Spider,
            StartedAt,
            elapsed,
            Interlocked.Read(ref _requests),
            responses,
            Interlocked.Read(ref _bytes),
            items,
            Interlocked.Read(ref _retries),
            Interlocked.Read(ref _logins),
            Volatile.Read(ref _maxDepth),
            responses / minutes,
            items / minutes,
            _responsesByStatus.Snapshot(),
            _droppedItemsByReason.Snapshot(StringComparer.Ordinal),
            _droppedRequestsByReason.Snapshot(StringComparer.Ordinal),
            _errorsByType.Snapshot(StringComparer.Ordinal),
            _retriesByReason.Snapshot(StringComparer.Ordinal),
            _events.Snapshot(StringComparer.Ordinal));
    }
}
