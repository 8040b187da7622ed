using Scraper.Crawling;
using Scraper.Crawling.Stats;
using Scraper.Redis;

namespace Scraper.Hosting;

/// <summary>
/// The run record of a shared crawl: one run for all its workers (the id and start the first worker gave it), a row
/// per worker from their stats in Redis, totals that add the rows up, and the crawl's outcome once its end is reached.
/// </summary>
internal static class SharedRunRecords
{
    /// <summary>Joins the crawl's run, or starts it as <paramref name="id"/> when this worker is the first.</summary>
    public static Task<(string Id, DateTimeOffset Started)> BeginAsync(RedisCrawl crawl, string id, DateTimeOffset started, CancellationToken cancellationToken) =>
        RedisRuns.BeginAsync(crawl, id, started, cancellationToken);

    /// <summary>Stores this worker's row as running and returns the record with every worker's row.</summary>
    public static async Task<RunRecord> ProgressAsync(RedisCrawl crawl, RunRecord record, CrawlStatsSnapshot stats, CancellationToken cancellationToken)
    {
        await crawl.RecordStatsAsync(stats, RunRecord.Running, cancellationToken).ConfigureAwait(false);
        return WithRows(record, await crawl.ReadStatsAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Stores this worker's row with its outcome; a worker that completed reached the crawl's end (nothing waiting, no
    /// lease held anywhere), which makes the crawl completed. Returns the record with every row and the crawl's outcome,
    /// or this worker's own while the crawl goes on without it (stopped, failed).
    /// </summary>
    public static async Task<RunRecord> FinishAsync(RedisCrawl crawl, RunRecord record, CrawlResult result, CancellationToken cancellationToken)
    {
        var outcome = result.Outcome.ToString();
        await crawl.RecordStatsAsync(result.Stats, outcome, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == CrawlOutcome.Completed)
        {
            await RedisRuns.EndAsync(crawl, outcome, cancellationToken).ConfigureAwait(false);
        }

        var ended = await RedisRuns.OutcomeAsync(crawl, cancellationToken).ConfigureAwait(false);
        return WithRows(record, await crawl.ReadStatsAsync(cancellationToken).ConfigureAwait(false)) with { Outcome = ended ?? outcome };
    }

    private static RunRecord WithRows(RunRecord record, RedisCrawlStats stats) => record with
    {
        Workers = [.. stats.Workers.Select(row => new RunWorker(row.Worker, row.State, row.Requests, row.Responses, row.Items, row.Errors))],
        Requests = stats.Requests,
        Responses = stats.Responses,
        Items = stats.Items,
        Errors = stats.Errors,
    };
}
