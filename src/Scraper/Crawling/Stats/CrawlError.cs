namespace Scraper.Crawling.Stats;

/// <summary>One error of a crawl, as the status page lists the last ones.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Type">The exception's type name.</param>
/// <param name="Message">The exception's message (URLs in it are redacted where the engine builds them).</param>
/// <param name="Url">The page it happened on, redacted as in the logs; null when not tied to one.</param>
public sealed record CrawlError(DateTimeOffset At, string Type, string Message, string? Url);
