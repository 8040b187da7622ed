using Scraper.Crawling;
using Scraper.Crawling.Stats;

namespace Scraper.Testing;

/// <summary>What a spider did in a test run.</summary>
/// <param name="Outcome">How the crawl ended.</param>
/// <param name="Items">Every item that reached the end of the pipelines, in the order exported.</param>
/// <param name="Requests">Every request sent (each redirect hop and retry included), in order.</param>
/// <param name="Stats">The crawl's stats.</param>
/// <param name="Error">What stopped a failed crawl.</param>
public sealed record SpiderTestResult(CrawlOutcome Outcome, IReadOnlyList<object> Items, IReadOnlyList<Uri> Requests, CrawlStatsSnapshot Stats, Exception? Error)
{
    /// <summary>Returns the items of one type.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <returns>The items, in order.</returns>
    public IReadOnlyList<T> ItemsOf<T>() => [.. Items.OfType<T>()];
}
