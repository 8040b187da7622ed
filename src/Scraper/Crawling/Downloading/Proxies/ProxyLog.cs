using Microsoft.Extensions.Logging;

namespace Scraper.Crawling.Downloading.Proxies;

/// <summary>The proxy rotation's log messages; proxies appear as <c>scheme://host:port</c>, never with their credentials.</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "Spider {Spider}: session {Session} goes through proxy {Proxy}")]
    public static partial void Assigned(ILogger logger, string spider, string session, string proxy);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Spider {Spider}: proxy {Proxy} retired after {Failures} failures in a row (last: {Reason}); {Live} of {Total} proxies left")]
    public static partial void Retired(ILogger logger, string spider, string proxy, int failures, string reason, int live, int total);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Spider {Spider}: session {Session} moved from proxy {From} to {To}")]
    public static partial void Moved(ILogger logger, string spider, string session, string from, string to);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Error, Message = "Spider {Spider}: every proxy is retired for good; requests through them fail from now on")]
    public static partial void Exhausted(ILogger logger, string spider);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Information, Message = "Spider {Spider}: proxy {Proxy} is back after its cool-down")]
    public static partial void Back(ILogger logger, string spider, string proxy);
}
