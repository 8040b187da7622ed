namespace Scraper.Crawling;

/// <summary>How a crawl ended.</summary>
public enum CrawlOutcome
{
    /// <summary>Nothing was left to crawl.</summary>
    Completed,

    /// <summary>A configured limit (pages, items) was reached.</summary>
    LimitReached,

    /// <summary>The caller cancelled (Ctrl+C, SIGTERM, host shutdown); what was scraped is flushed.</summary>
    Cancelled,

    /// <summary>The crawl could not go on: a login failed for good, or the start requests threw.</summary>
    Failed,
}
