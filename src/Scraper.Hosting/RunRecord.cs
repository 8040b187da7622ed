namespace Scraper.Hosting;

/// <summary>One line of the run history: a spider run's start, end, outcome and key counters.</summary>
/// <param name="Spider">The spider's name.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="Requests">Requests sent.</param>
/// <param name="Responses">Responses received.</param>
/// <param name="Items">Items scraped.</param>
/// <param name="Errors">Errors counted.</param>
/// <param name="Output">The items file.</param>
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
    string? Output);
