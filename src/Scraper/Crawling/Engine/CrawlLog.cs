using Microsoft.Extensions.Logging;

namespace Scraper.Crawling.Engine;

/// <summary>The engine's log messages (hot paths source-generated; URLs are redacted by the callers).</summary>
internal static partial class CrawlLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Spider {Spider} started")]
    public static partial void Started(ILogger logger, string spider);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "Spider {Spider} resumes its job: start requests were seeded by an earlier run, {Waiting} requests waiting")]
    public static partial void Resumed(ILogger logger, string spider, long waiting);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Spider {Spider}: {Progress}")]
    public static partial void Progress(ILogger logger, string spider, string progress);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Spider {Spider} finished ({Outcome}):\n{Summary}")]
    public static partial void Finished(ILogger logger, string spider, CrawlOutcome outcome, string summary);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Spider {Spider}: {Url} failed: {Error}")]
    public static partial void DownloadFailed(ILogger logger, string spider, string url, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Spider {Spider}: callback for {Url} threw")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string spider, string url);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Spider {Spider}: dropped {Url} ({Reason})")]
    public static partial void RequestDropped(ILogger logger, string spider, string url, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Spider {Spider}: retrying {Url} in {DelayMs:0} ms (attempt {Attempt}, {Reason}); domain {Domain} paused")]
    public static partial void RetryingDomainPaused(ILogger logger, string spider, string url, double delayMs, int attempt, string reason, string domain);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Spider {Spider}: retrying {Url} in {DelayMs:0} ms (attempt {Attempt}, {Reason})")]
    public static partial void Retrying(ILogger logger, string spider, string url, double delayMs, int attempt, string reason);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Spider {Spider}: {Url} asked to retry after {RetryAfterSeconds:0} s, over MaxRetryAfter ({MaxSeconds:0} s); dropped")]
    public static partial void RetryAfterTooLong(ILogger logger, string spider, string url, double retryAfterSeconds, double maxSeconds);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Spider {Spider}: session {Session} was logged out at {Url} ({Detector}); logging in again")]
    public static partial void LoggedOut(ILogger logger, string spider, string session, string url, string detector);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "Spider {Spider}: reusing the saved session {Session} (cookies saved {Age} ago); not logging in")]
    public static partial void SavedSessionReused(ILogger logger, string spider, string session, string age);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Error, Message = "Spider {Spider} stopped: {Reason}")]
    public static partial void Stopped(ILogger logger, Exception exception, string spider, string reason);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Spider {Spider}: {Limit} reached; finishing what is in flight")]
    public static partial void LimitReached(ILogger logger, string spider, string limit);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Spider {Spider}: {Url} answered {Status}; not passed to the callback")]
    public static partial void HttpError(ILogger logger, string spider, string url, int status);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Spider {Spider}: {Url} is nested deeper than the parser's depth cap; elements past it were flattened")]
    public static partial void DepthCapped(ILogger logger, string spider, string url);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Spider {Spider}: the progress callback failed; it is called again at the next interval")]
    public static partial void ProgressFailed(ILogger logger, Exception exception, string spider);
}
