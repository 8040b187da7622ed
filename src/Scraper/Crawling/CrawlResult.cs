using Scraper.Crawling.Stats;

namespace Scraper.Crawling;

/// <summary>The end of one crawl: how it ended, why, and its final stats.</summary>
/// <param name="Spider">The spider's name.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Stats">The final counters.</param>
/// <param name="Error">The error that stopped it, when <paramref name="Outcome"/> is <see cref="CrawlOutcome.Failed"/>.</param>
public sealed record CrawlResult(string Spider, CrawlOutcome Outcome, CrawlStatsSnapshot Stats, Exception? Error = null)
{
    /// <summary>Gets a value indicating whether the crawl finished by itself (completed or reached a limit).</summary>
    public bool Succeeded => Outcome is CrawlOutcome.Completed or CrawlOutcome.LimitReached;
}
