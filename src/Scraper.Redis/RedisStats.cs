using Scraper.Crawling.Stats;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// Each worker's stats as one hash (its latest totals, replaced each time), and their sum across workers. The row also
/// says where the worker's run is, the leases it held and when it wrote the row (its heartbeat), how often it writes it,
/// and why its run failed, so a status page shows the crawl's workers live.
/// </summary>
internal static class RedisStats
{
    private const int ReasonLength = 500;

    private static readonly RedisValue[] Fields = ["requests", "responses", "items", "errors", "retries", "logins", "state", "command_retries", "leases", "seen", "reason", "interval"];

    public static async Task RecordAsync(RedisCrawl crawl, CrawlStatsSnapshot stats, string state, string? reason, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stats);
        // Two commands sent at once (the client pipelines them), each retried on its own: both are idempotent.
        var added = crawl.Database.SetAddAsync(crawl.Keys.Workers, crawl.Worker);
        var written = crawl.Database.HashSetAsync(crawl.Keys.WorkerStats(crawl.Worker), [
            new(Fields[0], stats.Requests),
            new(Fields[1], stats.Responses),
            new(Fields[2], stats.Items),
            new(Fields[3], stats.ErrorCount),
            new(Fields[4], stats.Retries),
            new(Fields[5], stats.Logins),
            new(Fields[6], state),
            new(Fields[7], crawl.CommandRetries),
            new(Fields[8], crawl.HeldLeases),
            new(Fields[9], crawl.Time.GetUtcNow().ToUnixTimeMilliseconds()),
            new(Fields[10], OneLine(reason)),
            new(Fields[11], (long)interval.TotalMilliseconds),
        ]);
        await Task.WhenAll(added, written).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<RedisCrawlStats> ReadAsync(RedisCrawl crawl, RedisCommands commands, CancellationToken cancellationToken)
    {
        var workers = await commands.SetMembersAsync(crawl.Keys.Workers).WaitAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<RedisWorkerStats>(workers.Length);
        foreach (var worker in workers.Select(value => (string?)value ?? "").Order(StringComparer.Ordinal))
        {
            var values = await commands.HashGetAsync(crawl.Keys.WorkerStats(worker), Fields).WaitAsync(cancellationToken).ConfigureAwait(false);
            rows.Add(new RedisWorkerStats(worker, (long)values[0], (long)values[1], (long)values[2], (long)values[3], (long)values[4], (long)values[5], (string?)values[6] ?? "", (long)values[7])
            {
                Leases = (long)values[8],
                Heartbeat = values[9].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)values[9]),
                Reason = (string?)values[10] is { Length: > 0 } why ? why : null,
                ReportInterval = TimeSpan.FromMilliseconds((long)values[11]),
            });
        }

        return new RedisCrawlStats(rows);
    }

    // The reason is shown on one line of a status page: control characters (a stack trace's line breaks) become spaces.
    private static string OneLine(string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return "";
        }

        var line = new string([.. reason.Select(c => char.IsControl(c) ? ' ' : c)]);
        return line.Length <= ReasonLength ? line : line[..ReasonLength] + "…";
    }
}
