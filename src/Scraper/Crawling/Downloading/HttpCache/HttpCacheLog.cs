using Microsoft.Extensions.Logging;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>The HTTP cache's log messages (URLs are redacted by the callers; no header values are logged).</summary>
internal static partial class HttpCacheLog
{
    [LoggerMessage(EventId = 2600, Level = LogLevel.Warning, Message = "HTTP cache entry {Folder} is damaged and treated as a miss: {Reason}")]
    public static partial void DamagedEntry(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "HTTP cache could not store {Url}; the crawl goes on without it")]
    public static partial void StoreFailed(ILogger logger, string url, Exception exception);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Warning, Message = "HTTP cache could not read the entry of {Url}; treated as a miss")]
    public static partial void LoadFailed(ILogger logger, string url, Exception exception);
}
