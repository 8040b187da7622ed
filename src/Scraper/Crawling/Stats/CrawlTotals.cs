namespace Scraper.Crawling.Stats;

/// <summary>
/// The counters a resumed job's earlier runs reached, which its next run starts from (<c>CrawlerServices.CarriedStats</c>),
/// so the stats, the summary and the limits (<see cref="CrawlOptions.MaxItems"/>) count the job as one crawl.
/// </summary>
/// <param name="Requests">Requests sent.</param>
/// <param name="Responses">Pages received.</param>
/// <param name="Items">Items exported (those the resumed export holds).</param>
/// <param name="Errors">Errors counted.</param>
public sealed record CrawlTotals(long Requests, long Responses, long Items, long Errors);
