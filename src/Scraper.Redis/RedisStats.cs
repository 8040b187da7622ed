using Scraper.Crawling.Stats;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>Each worker's stats as one hash (its latest totals, replaced each time), and their sum across workers.</summary>
internal static class RedisStats
{
    private static readonly RedisValue[] Fields = ["requests", "responses", "items", "errors", "retries", "logins", "state", "command_retries"];

    public static async Task RecordAsync(RedisCrawl crawl, CrawlStatsSnapshot stats, string state, CancellationToken cancellationToken)
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
        ]);
        await Task.WhenAll(added, written).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<RedisCrawlStats> ReadAsync(RedisCrawl crawl, CancellationToken cancellationToken)
    {
        var workers = await crawl.Database.SetMembersAsync(crawl.Keys.Workers).WaitAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<RedisWorkerStats>(workers.Length);
        foreach (var worker in workers.Select(value => (string?)value ?? "").Order(StringComparer.Ordinal))
        {
            var values = await crawl.Database.HashGetAsync(crawl.Keys.WorkerStats(worker), Fields).WaitAsync(cancellationToken).ConfigureAwait(false);
            rows.Add(new RedisWorkerStats(worker, (long)values[0], (long)values[1], (long)values[2], (long)values[3], (long)values[4], (long)values[5], (string?)values[6] ?? "", (long)values[7]));
        }

        return new RedisCrawlStats(rows);
    }
}
