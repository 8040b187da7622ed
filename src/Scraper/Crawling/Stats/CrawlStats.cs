using System.Diagnostics.Metrics;

namespace Scraper.Crawling.Stats;

/// <summary>
/// Scrapy-style counters of one crawl, safe to update from every callback at once, and mirrored to
/// <see cref="System.Diagnostics.Metrics"/> instruments (meter <c>Scraper</c>) tagged with the spider's name.
/// </summary>
public sealed class CrawlStats
{
    /// <summary>The meter name the crawl's instruments are published under.</summary>
    public const string MeterName = "Scraper";

    private readonly TimeProvider _timeProvider;
    private readonly CounterSet<int> _responsesByStatus = new();
    private readonly CounterSet<string> _droppedItemsByReason = new(StringComparer.Ordinal);
    private readonly CounterSet<string> _droppedRequestsByReason = new(StringComparer.Ordinal);
    private readonly CounterSet<string> _errorsByType = new(StringComparer.Ordinal);
    private readonly CounterSet<string> _retriesByReason = new(StringComparer.Ordinal);
    private readonly CounterSet<string> _events = new(StringComparer.Ordinal);
    private readonly KeyValuePair<string, object?> _spiderTag;
    private readonly Counter<long> _requestsCounter;
    private readonly Counter<long> _responsesCounter;
    private readonly Counter<long> _itemsCounter;
    private readonly Counter<long> _errorsCounter;
    private readonly Counter<long> _bytesCounter;
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
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Spider = spider;
        _timeProvider = timeProvider;
        StartedAt = timeProvider.GetUtcNow();
        _spiderTag = new("scraper.spider", spider);
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requestsCounter = meter.CreateCounter<long>("scraper.requests", "{request}", "Requests sent");
        _responsesCounter = meter.CreateCounter<long>("scraper.responses", "{response}", "Responses received");
        _itemsCounter = meter.CreateCounter<long>("scraper.items", "{item}", "Items scraped");
        _errorsCounter = meter.CreateCounter<long>("scraper.errors", "{error}", "Errors in downloads, callbacks and pipelines");
        _bytesCounter = meter.CreateCounter<long>("scraper.response.bytes", "By", "Response body bytes");
    }

    /// <summary>Gets the spider's name.</summary>
    public string Spider { get; }

    /// <summary>Gets when the crawl started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Gets the number of items scraped so far.</summary>
    public long Items => Interlocked.Read(ref _items);

    /// <summary>Gets the number of responses received so far.</summary>
    public long Responses => Interlocked.Read(ref _responses);

    internal void RequestSent()
    {
        Interlocked.Increment(ref _requests);
        _requestsCounter.Add(1, _spiderTag);
    }

    /// <summary>One answer came off the wire (every attempt and redirect hop): its status and body size.</summary>
    internal void ResponseDownloaded(int status, long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        _responsesByStatus.Increment(status);
        _responsesCounter.Add(1, _spiderTag, new("http.response.status_code", status));
        _bytesCounter.Add(bytes, _spiderTag);
    }

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
        _itemsCounter.Add(1, _spiderTag);
    }

    internal void ItemDropped(string reason) => _droppedItemsByReason.Increment(reason);

    internal void RequestDropped(string reason) => _droppedRequestsByReason.Increment(reason);

    internal void Retried(string reason)
    {
        Interlocked.Increment(ref _retries);
        _retriesByReason.Increment(reason);
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

    internal void Error(Exception exception)
    {
        var type = exception.GetType().Name;
        _errorsByType.Increment(type);
        _errorsCounter.Add(1, _spiderTag, new("error.type", type));
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
