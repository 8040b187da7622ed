using System.Globalization;
using System.Net.Http.Headers;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.Retry;

/// <summary>
/// Decides what follows a failed attempt of a crawl request. Backoff after a timeout, a dropped connection or a
/// 5xx delays that request only: one broken URL must not slow a whole site. A pause the server asks for
/// (Retry-After, or a 429 without it) holds the domain, up to <see cref="CrawlOptions.MaxRetryAfter"/>; a longer
/// Retry-After drops the request rather than stalling every other URL of the site for an hour.
/// </summary>
internal sealed class RetryPlanner(CrawlOptions options, TimeProvider timeProvider)
{
    private const int TooManyRequests = 429;

    /// <summary>Decides after a response with a retryable status, or an error where no response came.</summary>
    /// <param name="request">The request.</param>
    /// <param name="status">The response's status, when one came.</param>
    /// <param name="retryAfter">The response's Retry-After, if any.</param>
    /// <param name="error">The error, when no response came.</param>
    /// <param name="attempt">The attempt that failed, from 0.</param>
    /// <returns>The decision.</returns>
    public RetryDecision Decide(Request request, int? status, RetryConditionHeaderValue? retryAfter, Exception? error, int attempt)
    {
        var reason = status?.ToString(CultureInfo.InvariantCulture) ?? error!.GetType().Name;

        // Only what is safe to send twice is retried: idempotent methods, unless the request says otherwise
        // (a login form never is). Errors of the request itself (an invalid header, a bad URL) never are.
        var mayRetry = request.Retry ?? HttpMethods.IsIdempotent(request.Method);
        if (!mayRetry || !IsTransient(error))
        {
            return new(RetryAction.GiveUp, TimeSpan.Zero, reason);
        }

        if (Delay(retryAfter) is { } asked)
        {
            if (asked > options.MaxRetryAfter)
            {
                return new(RetryAction.DropRetryAfterTooLong, asked, reason);
            }

            return attempt >= options.MaxRetries
                ? new(RetryAction.GiveUp, TimeSpan.Zero, reason)
                : new(RetryAction.RetryAfterDomainPause, asked, reason);
        }

        if (attempt >= options.MaxRetries)
        {
            return new(RetryAction.GiveUp, TimeSpan.Zero, reason);
        }

        var backoff = Backoff(attempt);
        // A 429 says the client as a whole is too fast, not that this page is broken: slow the domain down.
        return status == TooManyRequests
            ? new(RetryAction.RetryAfterDomainPause, backoff, reason)
            : new(RetryAction.RetryRequest, backoff, reason);
    }

    private static bool IsTransient(Exception? error) => error is null
        or SessionTimeoutException
        or ContentDecodingException { IsTransient: true }
        or SessionConnectionException { Failure: not (ConnectionFailure.Tls or ConnectionFailure.NameResolution) };

    private TimeSpan Backoff(int attempt)
    {
        var backoff = options.RetryDelay * Math.Pow(2, Math.Min(attempt, 30));
        return backoff > options.MaxRetryDelay ? options.MaxRetryDelay : backoff;
    }

    private TimeSpan? Delay(RetryConditionHeaderValue? retryAfter)
    {
        var delay = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - timeProvider.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
