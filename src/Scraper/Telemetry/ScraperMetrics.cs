using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Scraper.Telemetry;

/// <summary>
/// The instruments of the meter <c>Scraper</c>, named and united after OpenTelemetry's semantic conventions, and the
/// crawls running now, which its observable instruments (frontier size, requests in flight, browser pages open, domains
/// paused) read when a listener collects. One per meter factory: a host registers a single instance for all its runs;
/// a <see cref="Crawling.Crawler"/> given none makes its own for the run.
/// </summary>
/// <remarks>
/// Tags: <c>scraper.spider</c> on everything; <c>scraper.session</c> and <c>server.address</c> (the host) on requests,
/// responses, bytes, retries and download time. Both are bounded: the first <see cref="MaxDomains"/> hosts and the first
/// <see cref="MaxSessions"/> session names this instance sees keep their own value, the rest are reported as
/// <c>_other</c>; drop reasons (free text from pipelines) are bounded the same way. Nothing is measured while no
/// listener is attached: each instrument's <see cref="Instrument.Enabled"/> is checked before its tags are built.
/// Dropped requests are counted by the crawl and read when a listener collects (an observable counter, the total of the
/// runs that ended and those running): a page drops a score of duplicate links, and a measurement for each cost more
/// than all the other instruments together in the benchmark crawl with telemetry on. Requests, responses, bytes and
/// items are counted by each run in its series and measured when a listener collects (the callbacks of the observable
/// instruments publish them first) and when the run ends (see <see cref="CrawlMeasurements"/>); a listener that enables
/// none of the observable instruments sees those counters when a run ends.
/// </remarks>
public sealed class ScraperMetrics : IDisposable
{
    /// <summary>The meter name the instruments are published under.</summary>
    public const string MeterName = "Scraper";

    /// <summary>How many distinct hosts get their own <c>server.address</c> value.</summary>
    public const int MaxDomains = 100;

    /// <summary>How many distinct session names get their own <c>scraper.session</c> value.</summary>
    public const int MaxSessions = 20;

    private const int MaxDropReasons = 20;

    // The buckets of .NET's own http.client.request.duration, so download and HTTP times compare bucket by bucket.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly ConcurrentDictionary<LiveCrawl, byte> _runs = new();

    // The dropped requests of the runs that ended, by spider and reason, so the observable counter never goes back;
    // moved there from a run under the lock that its collection takes, so no collection sees a run twice or not at all.
    private readonly Dictionary<(string Spider, string Reason), long> _endedRunsDropped = [];
    private readonly Lock _droppedLock = new();

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">Creates the meter (the host's, so its listeners and exporters see it); a meter of this instance's own when null.</param>
    public ScraperMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _ownsMeter = meterFactory is null;
        Requests = _meter.CreateCounter<long>("scraper.requests", "{request}", "Requests sent (every attempt and redirect hop)");
        Responses = _meter.CreateCounter<long>("scraper.responses", "{response}", "Responses received, by status code and class");
        Bytes = _meter.CreateCounter<long>("scraper.response.bytes", "By", "Response body bytes");
        Items = _meter.CreateCounter<long>("scraper.items", "{item}", "Items scraped");
        DroppedItems = _meter.CreateCounter<long>("scraper.items.dropped", "{item}", "Items dropped, by reason");
        _meter.CreateObservableCounter<long>("scraper.requests.dropped", ObserveDroppedRequests, "{request}", "Requests dropped before download, by reason");
        Retries = _meter.CreateCounter<long>("scraper.retries", "{retry}", "Requests retried, by reason");
        Errors = _meter.CreateCounter<long>("scraper.errors", "{error}", "Errors in downloads, callbacks and pipelines, by type");
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };
        DownloadDuration = _meter.CreateHistogram<double>("scraper.download.duration", "s", "Time of one download attempt, from send to body read", tags: null, advice: buckets);
        CallbackDuration = _meter.CreateHistogram<double>("scraper.callback.duration", "s", "Time a spider callback or errback took on one response", tags: null, advice: buckets);
        PipelineDuration = _meter.CreateHistogram<double>("scraper.pipeline.duration", "s", "Time one item took through the pipelines and exporters", tags: null, advice: buckets);
        // Up-down counters, not gauges: these are sums (of requests, pages, domains) that add up across spiders, which
        // the semantic conventions model as UpDownCounter (like http.client.active_requests).
        _meter.CreateObservableUpDownCounter<long>("scraper.frontier.size", () => Observe(static run => run.FrontierSize), "{request}", "Requests waiting in the frontier");
        _meter.CreateObservableUpDownCounter<long>("scraper.requests.active", () => Observe(static run => run.InFlight), "{request}", "Requests being downloaded or parsed");
        _meter.CreateObservableUpDownCounter<long>("scraper.browser.pages.open", () => Observe(static run => run.BrowserPagesOpen), "{page}", "Browser pages open");
        _meter.CreateObservableUpDownCounter<long>("scraper.domains.paused", () => Observe(static run => run.PausedDomains.Count), "{domain}", "Domains whose sends are paused (Retry-After, backoff)");
    }

    /// <summary>Gets the crawls running now.</summary>
    public IReadOnlyCollection<LiveCrawl> Runs => [.. _runs.Keys];

    /// <summary>Gets the meter the instruments belong to.</summary>
    internal Meter Meter => _meter;

    internal Counter<long> Requests { get; }

    internal Counter<long> Responses { get; }

    internal Counter<long> Bytes { get; }

    internal Counter<long> Items { get; }

    internal Counter<long> DroppedItems { get; }

    internal Counter<long> Retries { get; }

    internal Counter<long> Errors { get; }

    internal Histogram<double> DownloadDuration { get; }

    internal Histogram<double> CallbackDuration { get; }

    internal Histogram<double> PipelineDuration { get; }

    internal TagLimiter Domains { get; } = new(MaxDomains);

    internal TagLimiter Sessions { get; } = new(MaxSessions);

    internal TagLimiter DropReasons { get; } = new(MaxDropReasons);

    /// <summary>Lists a crawl in <see cref="Runs"/> until the returned handle is disposed.</summary>
    internal Registration Track(LiveCrawl run)
    {
        _runs[run] = 0;
        return new Registration(this, run);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<long>> Observe(Func<LiveCrawl, long> value)
    {
        PublishCounts();
        foreach (var run in _runs.Keys)
        {
            yield return new Measurement<long>(value(run), new KeyValuePair<string, object?>("scraper.spider", run.Spider));
        }
    }

    private IEnumerable<Measurement<long>> ObserveDroppedRequests()
    {
        PublishCounts();
        lock (_droppedLock)
        {
            var totals = new Dictionary<(string Spider, string Reason), long>(_endedRunsDropped);
            foreach (var run in _runs.Keys)
            {
                AddDropped(totals, run);
            }

            return [.. totals.Select(static total => new Measurement<long>(
                total.Value,
                new KeyValuePair<string, object?>("scraper.spider", total.Key.Spider),
                new KeyValuePair<string, object?>("scraper.drop.reason", total.Key.Reason)))];
        }
    }

    // A collection is under way: the runs' counts since the last one are measured now, so it includes them.
    private void PublishCounts()
    {
        foreach (var run in _runs.Keys)
        {
            run.Stats.Measurements.Publish();
        }
    }

    private static void AddDropped(Dictionary<(string Spider, string Reason), long> totals, LiveCrawl run)
    {
        foreach (var (reason, count) in run.Stats.DroppedRequestCounts())
        {
            totals[(run.Spider, reason)] = totals.GetValueOrDefault((run.Spider, reason)) + count;
        }
    }

    private void Ended(LiveCrawl run)
    {
        lock (_droppedLock)
        {
            if (_runs.TryRemove(run, out _))
            {
                AddDropped(_endedRunsDropped, run);
            }

            // The counts since the last collection, which would otherwise be lost with a run's own meter.
            run.Stats.Measurements.Publish();
        }
    }

    /// <summary>Takes a crawl off <see cref="Runs"/> when disposed.</summary>
    internal readonly struct Registration(ScraperMetrics metrics, LiveCrawl run) : IDisposable
    {
        public void Dispose() => metrics.Ended(run);
    }
}
