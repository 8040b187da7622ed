using Scraper.Crawling.Stats;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>Each worker's stats as one hash (its latest totals, replaced each time), and their sum across workers.</summary>
internal static class RedisStats
{
    private static readonly RedisValue[] Fields = ["requests", "responses", "items", "errors", "retries", "logins"];

    public static async Task RecordAsync(RedisCrawl crawl, CrawlStatsSnapshot stats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var batch = crawl.Database.CreateBatch();
        var added = batch.SetAddAsync(crawl.Keys.Workers, crawl.Worker);
        var written = batch.HashSetAsync(crawl.Keys.WorkerStats(crawl.Worker), [
            new(Fields[0], stats.Requests),
            new(Fields[1], stats.Responses),
            new(Fields[2], stats.Items),
            new(Fields[3], stats.ErrorCount),
            new(Fields[4], stats.Retries),
            new(Fields[5], stats.Logins),
        ]);
        batch.Execute();
        await Task.WhenAll(added, written).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<RedisCrawlStats> ReadAsync(RedisCrawl crawl, CancellationToken cancellationToken)
    {
        var workers = await crawl.Database.SetMembersAsync(crawl.Keys.Workers).WaitAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<RedisWorkerStats>(workers.Length);
        foreach (var worker in workers.Select(value => (string?)value ?? "").Order(StringComparer.Ordinal))
        {
            var values = await crawl.Database.HashGetAsync(crawl.Keys.WorkerStats(worker), Fields).WaitAsync(cancellationToken).ConfigureAwait(false);
            rows.Add(new RedisWorkerStats(worker, (long)values[0], (long)values[1], (long)values[2], (long)values[3], (long)values[4], (long)values[5]));
        }

        return new RedisCrawlStats(rows);
    }
}
