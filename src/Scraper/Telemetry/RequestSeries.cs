using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Scraper.Telemetry;

/// <summary>
/// The request counters of one time series of a run (its spider, one session and one host, both bounded by
/// <see cref="TagLimiter"/>): the requests, responses by status and bytes counted since they were last published,
/// and the tag arrays of its measurements, built once. Counting is an interlocked add; the counters' measurements
/// are made when a listener collects (<see cref="Publish"/>), one per series and not one per request.
/// </summary>
internal sealed class RequestSeries
{
    private readonly ConcurrentDictionary<int, StatusSeries> _statuses = new();
    private long _requests;
    private long _bytes;

    public RequestSeries(string spider, string session, string domain)
    {
        Tags = [new("scraper.spider", spider), new("scraper.session", session), new("server.address", domain)];
    }

    /// <summary>Gets the tags of the series: spider, session and host (the requests, bytes and retries).</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public void RequestSent() => Interlocked.Increment(ref _requests);

    /// <summary>Counts a response and its body's bytes.</summary>
    public void ResponseDownloaded(int status, long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        Status(status).Counted();
    }

    /// <summary>Gets the series of one status code (created on its first response).</summary>
    public StatusSeries Status(int status) =>
        _statuses.TryGetValue(status, out var series) ? series : _statuses.GetOrAdd(status, static (code, tags) => new StatusSeries(tags, code), Tags);

    /// <summary>Measures what was counted since the last time, and starts again from zero.</summary>
    public void Publish(Counter<long> requests, Counter<long> responses, Counter<long> bytes)
    {
        PublishPending(requests, ref _requests, Tags);
        PublishPending(bytes, ref _bytes, Tags);
        foreach (var status in _statuses.Values)
        {
            status.Publish(responses);
        }
    }

    internal static void PublishPending(Counter<long> counter, ref long pending, KeyValuePair<string, object?>[] tags)
    {
        // Taken even with no listener left, so a listener that comes later is not handed an old backlog.
        var value = Interlocked.Exchange(ref pending, 0);
        if (value != 0)
        {
            counter.Add(value, tags);
        }
    }
}
