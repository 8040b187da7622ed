using Microsoft.Extensions.Logging;

namespace Scraper.Crawling.Engine;

/// <summary>robots.txt log messages.</summary>
internal static partial class RobotsLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "{Url} is unavailable ({Reason}): nothing on that site is crawled for {RetryAfter}, then it is fetched again, as RFC 9309 asks")]
    public static partial void Unavailable(ILogger logger, string url, string reason, TimeSpan retryAfter);
}
