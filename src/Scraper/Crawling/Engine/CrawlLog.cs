using Microsoft.Extensions.Logging;
using Scraper.Crawling.Stats;

namespace Scraper.Crawling.Engine;

/// <summary>The engine's log messages (hot paths source-generated; URLs are redacted by the callers).</summary>
internal static partial class CrawlLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Spider {Spider} started")]
    public static partial void Started(ILogger logger, string spider);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "Spider {Spider} resumes its job: start requests were seeded by an earlier run, {Waiting} requests waiting")]
    public static partial void Resumed(ILogger logger, string spider, long waiting);

    // Progress and summary carry their numbers as properties, so structured (compact JSON) logs can chart them;
    // the rendered line reads as before.
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Spider {Spider}: crawled {Pages:N0} pages (at {PagesPerMinute:N0} pages/min), scraped {Items:N0} items (at {ItemsPerMinute:N0} items/min), {Errors:N0} errors, {Pending:N0} pending, {InFlight:N0} in flight")]
    public static partial void Progress(ILogger logger, string spider, long pages, double pagesPerMinute, long items, double itemsPerMinute, long errors, long pending, int inFlight);

    public static void Progress(ILogger logger, CrawlStatsSnapshot stats, long pending, int inFlight) =>
        Progress(logger, stats.Spider, stats.Responses, stats.PagesPerMinute, stats.Items, stats.ItemsPerMinute, stats.ErrorCount, pending, inFlight);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Spider {Spider} finished ({Outcome}) in {ElapsedSeconds:0.0} s: {Pages} pages, {Items} items, {Errors} errors, {Requests} requests, {Retries} retries, {ResponseBytes} bytes\n{Summary}")]
    public static partial void Finished(ILogger logger, string spider, CrawlOutcome outcome, double elapsedSeconds, long pages, long items, long errors, long requests, long retries, long responseBytes, string summary);

    public static void Finished(ILogger logger, CrawlOutcome outcome, CrawlStatsSnapshot stats) =>
        Finished(logger, stats.Spider, outcome, stats.Elapsed.TotalSeconds, stats.Responses, stats.Items, stats.ErrorCount, stats.Requests, stats.Retries, stats.ResponseBytes, stats.ToSummary());

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
