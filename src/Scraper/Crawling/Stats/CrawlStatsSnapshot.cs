using System.Globalization;
using System.Text;

namespace Scraper.Crawling.Stats;

/// <summary>The counters of a crawl at one moment (Scrapy's stats dump).</summary>
/// <param name="Spider">The spider's name.</param>
/// <param name="StartedAt">When the crawl started.</param>
/// <param name="Elapsed">Time since the start.</param>
/// <param name="Requests">Requests sent, retries included.</param>
/// <param name="Responses">Pages received: final answers to requests, after retries and redirects (cache hits included).</param>
/// <param name="ResponseBytes">Body bytes received (decompressed).</param>
/// <param name="Items">Items scraped (past the pipelines).</param>
/// <param name="Retries">Requests retried.</param>
/// <param name="Logins">Logins performed.</param>
/// <param name="MaxDepth">The deepest response.</param>
/// <param name="PagesPerMinute">Responses per minute over the whole crawl.</param>
/// <param name="ItemsPerMinute">Items per minute over the whole crawl.</param>
/// <param name="ResponsesByStatus">Answers off the wire per status code, every attempt and redirect hop included.</param>
/// <param name="DroppedItems">Items dropped, per reason.</param>
/// <param name="DroppedRequests">Requests not sent, per reason (offsite, duplicate, robots, depth...).</param>
/// <param name="Errors">Errors per exception type.</param>
/// <param name="RetriesByReason">Retries per cause (status code or exception type).</param>
/// <param name="Events">Other decisions the engine counted, per name (for example <c>html/depth_capped</c>).</param>
public sealed record CrawlStatsSnapshot(
    string Spider,
    DateTimeOffset StartedAt,
    TimeSpan Elapsed,
    long Requests,
    long Responses,
    long ResponseBytes,
    long Items,
    long Retries,
    long Logins,
    int MaxDepth,
    double PagesPerMinute,
    double ItemsPerMinute,
    IReadOnlyDictionary<int, long> ResponsesByStatus,
    IReadOnlyDictionary<string, long> DroppedItems,
    IReadOnlyDictionary<string, long> DroppedRequests,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, long> RetriesByReason,
    IReadOnlyDictionary<string, long> Events)
{
    /// <summary>Gets the total number of errors.</summary>
    public long ErrorCount => Errors.Values.Sum();

    /// <summary>Formats the one-line progress message.</summary>
    /// <returns>For example <c>Crawled 1,200 pages (at 310 pages/min), scraped 1,150 items (at 298 items/min), 0 errors</c>.</returns>
    public string ToProgressLine() => string.Create(CultureInfo.InvariantCulture,
        $"Crawled {Responses:N0} pages (at {PagesPerMinute:N0} pages/min), scraped {Items:N0} items (at {ItemsPerMinute:N0} items/min), {ErrorCount:N0} errors");

    /// <summary>Formats the final summary, one counter per line.</summary>
    /// <returns>The summary.</returns>
    public string ToSummary()
    {
        var text = new StringBuilder();
        void Line(string name, object value) => text.Append(CultureInfo.InvariantCulture, $"  {name}: {value}\n");
        Line("elapsed", Elapsed.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture));
        Line("requests", Requests);
        Line("responses", Responses);
        foreach (var (status, count) in ResponsesByStatus)
        {
            Line($"responses/{status}", count);
        }

        Line("response_bytes", ResponseBytes);
        Line("items", Items);
        foreach (var (reason, count) in DroppedItems)
        {
            Line($"items_dropped/{reason}", count);
        }

        foreach (var (reason, count) in DroppedRequests)
        {
            Line($"requests_dropped/{reason}", count);
        }

        Line("retries", Retries);
        foreach (var (reason, count) in RetriesByReason)
        {
            Line($"retries/{reason}", count);
        }

        Line("logins", Logins);
        foreach (var (type, count) in Errors)
        {
            Line($"errors/{type}", count);
        }

        foreach (var (name, count) in Events)
        {
            Line(name, count);
        }

        Line("max_depth", MaxDepth);
        Line("pages_per_minute", Math.Round(PagesPerMinute, 1));
        Line("items_per_minute", Math.Round(ItemsPerMinute, 1));
        return text.ToString();
    }
}
