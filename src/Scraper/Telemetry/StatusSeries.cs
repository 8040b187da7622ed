using System.Diagnostics.Metrics;

namespace Scraper.Telemetry;

/// <summary>
/// One status code within a <see cref="RequestSeries"/>: the responses counted since they were last published, the
/// tags of <c>scraper.responses</c> (with the code and its class) and those of <c>scraper.download.duration</c> (with the
/// class), built once, so a measurement neither builds a tag list nor boxes the code.
/// </summary>
internal sealed class StatusSeries
{
    private long _responses;

    public StatusSeries(KeyValuePair<string, object?>[] seriesTags, int status)
    {
        var statusClass = StatusClass(status);
        ResponseTags = [.. seriesTags, new("http.response.status_code", status), new("scraper.response.status_class", statusClass)];
        DownloadTags = [.. seriesTags, new("scraper.response.status_class", statusClass)];
    }

    /// <summary>Gets the tags of the responses counter.</summary>
    public KeyValuePair<string, object?>[] ResponseTags { get; }

    /// <summary>Gets the tags of a download time that ended with this status.</summary>
    public KeyValuePair<string, object?>[] DownloadTags { get; }

    public void Counted() => Interlocked.Increment(ref _responses);

    public void Publish(Counter<long> responses) => RequestSeries.PublishPending(responses, ref _responses, ResponseTags);

    private static string StatusClass(int status) => status switch
    {
        >= 100 and < 200 => "1xx",
        >= 200 and < 300 => "2xx",
        >= 300 and < 400 => "3xx",
        >= 400 and < 500 => "4xx",
        >= 500 and < 600 => "5xx",
        _ => "other",
    };
}
