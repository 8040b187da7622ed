namespace Scraper.Hosting;

/// <summary>
/// One line of the run history: a spider run's start, end, outcome and key counters. A run in progress is kept as
/// <c>Running</c> (its counters brought up to date as it goes); one that never finished is recorded <c>Crashed</c>
/// by the next start, with what it had done by its last update.
/// </summary>
/// <param name="Spider">The spider's name.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="Requests">Requests sent.</param>
/// <param name="Responses">Responses received.</param>
/// <param name="Items">Items scraped.</param>
/// <param name="Errors">Errors counted.</param>
/// <param name="Output">The items file (the target of the output setting, its placeholders filled in).</param>
/// <param name="Id">The run's id, <c>{run}</c> in the output setting: its start time (UTC) and a random suffix, <c>20261201-101500-a1b2</c>.</param>
/// <param name="Partial">Where the items of a run that did not complete are: its partial file; the temporary file while it runs.</param>
/// <param name="Resumed">Whether the run resumed its job where an earlier run (of the same <paramref name="Id"/>) stopped; its counters then include that run's.</param>
/// <param name="Crawl">The shared crawl (<c>--crawl</c>) the run belongs to, or null for a crawl of this process alone.</param>
/// <param name="Workers">
/// A shared crawl's workers, one row each; the counters are then their sums and the outcome is the crawl's once its
/// end was reached (every worker's record of the crawl has the same <paramref name="Id"/>).
/// </param>
public sealed record RunRecord(
    string Spider,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Outcome,
    string? Error,
    long Requests,
    long Responses,
    long Items,
    long Errors,
    string? Output,
    string? Id = null,
    string? Partial = null,
    bool Resumed = false,
    string? Crawl = null,
    IReadOnlyList<RunWorker>? Workers = null)
{
    /// <summary>The outcome of a run in progress.</summary>
    public const string Running = nameof(Running);

    /// <summary>The outcome of a run whose process died before it ended (killed, out of memory, power cut).</summary>
    public const string Crashed = nameof(Crashed);
}

/// <summary>One worker's row in the run record of a shared crawl.</summary>
/// <param name="Worker">The worker's name.</param>
/// <param name="State"><c>Running</c>, or how its part ended (<c>Completed</c>, <c>Cancelled</c>, <c>Failed</c>).</param>
/// <param name="Requests">Requests it sent.</param>
/// <param name="Responses">Pages it received.</param>
/// <param name="Items">Items it scraped.</param>
/// <param name="Errors">Errors it counted.</param>
public sealed record RunWorker(string Worker, string State, long Requests, long Responses, long Items, long Errors);
