using Microsoft.Extensions.Logging;

namespace Scraper.Http;

/// <summary>The session's log messages; URLs are passed through <see cref="UrlRedaction"/> by the callers.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "{Session}: {Method} {Url} -> {StatusCode} in {ElapsedMs:0.0} ms")]
    public static partial void Response(ILogger logger, string session, HttpMethod method, string url, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Trace, Message = "{Session}: {Method} {Url} header {Name}: {Value}")]
    public static partial void RequestHeader(ILogger logger, string session, HttpMethod method, string url, string name, string value);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "{Session}: redirect {StatusCode} {From} -> {To}")]
    public static partial void Redirect(ILogger logger, string session, int statusCode, string from, string to);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Session}: retry {Attempt} of {Method} {Url} in {DelayMs:0} ms after {Outcome}")]
    public static partial void Retry(ILogger logger, string session, int attempt, HttpMethod method, string url, double delayMs, string outcome);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "{Session}: {Method} {Url} failed: {Error}")]
    public static partial void Failed(ILogger logger, string session, HttpMethod method, string url, string error);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "{Session}: TLS certificate verification is OFF; use this only against servers you control")]
    public static partial void TlsVerificationOff(ILogger logger, string session);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "{Session}: loaded {Count} cookies from {Path}")]
    public static partial void CookiesLoaded(ILogger logger, string session, int count, string path);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "{Session}: saved {Count} cookies to {Path}")]
    public static partial void CookiesSaved(ILogger logger, string session, int count, string path);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Trace, Message = "{Session}: form field {Name} = {Value}")]
    public static partial void FormField(ILogger logger, string session, string name, string value);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "{Session}: ignored a server value for header {Header} from {Url}: {Reason}")]
    public static partial void ServerValueIgnored(ILogger logger, string session, string header, string url, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "{Session}: could not save the cookies to {Path}: {Error}; the next change tries again")]
    public static partial void CookiesNotSaved(ILogger logger, string session, string path, string error);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "{Session}: {Url} asked to retry after {RetryAfterSeconds:0} s, over Retry:MaxRetryAfter ({MaxSeconds:0} s); not retried")]
    public static partial void RetryAfterTooLong(ILogger logger, string session, string url, double retryAfterSeconds, double maxSeconds);
}
