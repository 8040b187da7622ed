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

    /// <summary>
    /// The totals a worker restarted under its name goes on from: its row's counters (what it did before it stopped)
    /// and the items its export holds at its last commit (those past it were cut off and are scraped again).
    /// </summary>
    public static async Task<CrawlTotals> CarriedAsync(RedisCrawl crawl, long exportItems, CancellationToken cancellationToken)
    {
        var stats = await crawl.ReadStatsAsync(cancellationToken).ConfigureAwait(false);
        var row = stats.Workers.FirstOrDefault(worker => string.Equals(worker.Worker, crawl.Worker, StringComparison.Ordinal));
        return new CrawlTotals(row?.Requests ?? 0, row?.Responses ?? 0, exportItems, row?.Errors ?? 0);
    }

    /// <summary>
    /// Stores this worker's row as running (its heartbeat, written every <paramref name="interval"/>) and returns the
    /// record with every worker's row.
    /// </summary>
    public static async Task<RunRecord> ProgressAsync(RedisCrawl crawl, RunRecord record, CrawlStatsSnapshot stats, TimeSpan interval, CancellationToken cancellationToken)
    {
        await crawl.RecordStatsAsync(stats, RunRecord.Running, null, interval, cancellationToken).ConfigureAwait(false);
        return WithRows(record, await crawl.ReadStatsAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Stores this worker's row with its outcome (and why, when it failed: a start refused by a finished crawl or
    /// another spider build shows on the status page as a failed row with its reason); a worker that completed reached the crawl's end (nothing waiting, no
    /// lease held anywhere), which makes the crawl completed. Returns the record with every row and the crawl's outcome,
    /// or this worker's own when it did not complete (stopped, failed), even after the others ended the crawl.
    /// </summary>
    public static async Task<RunRecord> FinishAsync(RedisCrawl crawl, RunRecord record, CrawlResult result, CancellationToken cancellationToken)
    {
        var outcome = result.Outcome.ToString();
        var reason = result.Outcome == CrawlOutcome.Failed ? result.Error?.Message ?? "see the worker's log" : null;
        await crawl.RecordStatsAsync(result.Stats, outcome, reason, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == CrawlOutcome.Completed)
        {
            await RedisRuns.EndAsync(crawl, outcome, cancellationToken).ConfigureAwait(false);
        }

        var ended = await RedisRuns.OutcomeAsync(crawl, cancellationToken).ConfigureAwait(false);
        // Only a worker that completed takes the crawl's outcome: one that failed (refused by a finished crawl, its
        // leases lost) or was stopped says so, even when the others finished the crawl.
        return WithRows(record, await crawl.ReadStatsAsync(cancellationToken).ConfigureAwait(false)) with { Outcome = result.Outcome == CrawlOutcome.Completed ? ended ?? outcome : outcome };
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
