using System.Collections.Concurrent;
using System.Diagnostics;

namespace Scraper.Telemetry;

/// <summary>
/// What one crawl measures on the instruments of <see cref="ScraperMetrics"/>, for its <see cref="Crawling.Stats.CrawlStats"/>.
/// The counts a crawl makes per request and per item (requests, responses, bytes, items) are added to the series they
/// belong to and measured when a listener collects, or when the run ends (<see cref="Publish"/>): one interlocked add per
/// count instead of a measurement with its tag list, which cost more than all the rest of metrics on in the benchmark
/// crawl. Times stay one measurement each (a histogram needs every value), with their tags built once per series.
/// Rare counts (retries, errors, dropped items) are measured as they happen. Nothing is counted, and no tag value looked
/// up, while no listener has enabled the instrument.
/// </summary>
internal sealed class CrawlMeasurements
{
    // Distinct (session, host) pairs remembered as they are written in requests; past that, a pair is mapped to its
    // bounded tag values each time (a broad crawl's long tail of hosts, all reported as _other).
    private const int MaxCachedPairs = 1024;

    private readonly ScraperMetrics _metrics;
    private readonly KeyValuePair<string, object?>[] _spiderTags;
    private readonly ConcurrentDictionary<(string Session, string Host), RequestSeries> _byRequest = new();
    private readonly ConcurrentDictionary<(string Session, string Domain), RequestSeries> _series = new();
    private int _cachedPairs;
    private long _items;

    public CrawlMeasurements(ScraperMetrics metrics, string spider)
    {
        _metrics = metrics;
        Spider = spider;
        _spiderTags = [new("scraper.spider", spider)];
    }

    public string Spider { get; }

    public ScraperMetrics Metrics => _metrics;

    /// <summary>Gets whether download times are measured (a listener is attached to the histogram).</summary>
    public bool TimesDownloads => _metrics.DownloadDuration.Enabled;

    public bool TimesCallbacks => _metrics.CallbackDuration.Enabled;

    public bool TimesPipelines => _metrics.PipelineDuration.Enabled;

    /// <summary>
    /// Counts an attempt sent; returns its series, for <see cref="ResponseDownloaded"/> and <see cref="Downloaded"/> (one
    /// lookup per attempt), or null when no listener wants the request counters or the download time.
    /// </summary>
    public RequestSeries? RequestSent(Uri url, string session)
    {
        if (!(_metrics.Requests.Enabled || _metrics.Responses.Enabled || _metrics.Bytes.Enabled || _metrics.DownloadDuration.Enabled))
        {
            return null;
        }

        var series = SeriesOf(session, url.Host);
        if (_metrics.Requests.Enabled)
        {
            series.RequestSent();
        }

        return series;
    }

    public void ResponseDownloaded(RequestSeries? series, int status, long bytes)
    {
        if (series is not null && (_metrics.Responses.Enabled || _metrics.Bytes.Enabled))
        {
            series.ResponseDownloaded(status, bytes);
        }
    }

    public void Downloaded(RequestSeries? series, TimeSpan elapsed, int? status, string? errorType)
    {
        // Null when the listener came after the attempt was sent: that one attempt goes unmeasured.
        if (series is null)
        {
            return;
        }

        if (status is { } code)
        {
            _metrics.DownloadDuration.Record(elapsed.TotalSeconds, series.Status(code).DownloadTags);
            return;
        }

        var tags = new TagList(series.Tags);
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _metrics.DownloadDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void CallbackTimed(TimeSpan elapsed) => _metrics.CallbackDuration.Record(elapsed.TotalSeconds, _spiderTags);

    public void PipelineTimed(TimeSpan elapsed) => _metrics.PipelineDuration.Record(elapsed.TotalSeconds, _spiderTags);

    public void ItemScraped()
    {
        if (_metrics.Items.Enabled)
        {
            Interlocked.Increment(ref _items);
        }
    }

    public void ItemDropped(string reason)
    {
        if (_metrics.DroppedItems.Enabled)
        {
            _metrics.DroppedItems.Add(1, _spiderTags[0], new("scraper.drop.reason", _metrics.DropReasons.Of(reason)));
        }
    }

    public void Retried(string reason, Uri url, string session)
    {
        if (_metrics.Retries.Enabled)
        {
            var tags = new TagList(SeriesOf(session, url.Host).Tags) { { "scraper.retry.reason", reason } };
            _metrics.Retries.Add(1, tags);
        }
    }

    public void Error(string type)
    {
        if (_metrics.Errors.Enabled)
        {
            _metrics.Errors.Add(1, _spiderTags[0], new("error.type", type));
        }
    }

    /// <summary>Measures the counts made since the last time: when a listener collects, and once more when the run ends.</summary>
    public void Publish()
    {
        RequestSeries.PublishPending(_metrics.Items, ref _items, _spiderTags);
        foreach (var series in _series.Values)
        {
            series.Publish(_metrics.Requests, _metrics.Responses, _metrics.Bytes);
        }
    }

    private RequestSeries SeriesOf(string session, string host) =>
        _byRequest.TryGetValue((session, host), out var series) ? series : Add(session, host);

    private RequestSeries Add(string session, string host)
    {
        var key = (_metrics.Sessions.Of(session), _metrics.Domains.Of(host));
        var series = _series.GetOrAdd(key, static (key, spider) => new RequestSeries(spider, key.Item1, key.Item2), Spider);
        if (Volatile.Read(ref _cachedPairs) < MaxCachedPairs && _byRequest.TryAdd((session, host), series))
        {
            Interlocked.Increment(ref _cachedPairs);
        }

        return series;
    }
}
