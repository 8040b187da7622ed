using System.Collections.Frozen;
using System.Globalization;
using System.Net.Http.Headers;
using Polly.Timeout;

namespace Scraper.Http;

/// <summary>
/// The one retry policy, read from <see cref="RetryOptions"/>: which failures are transient, how long to back off,
/// what a Retry-After asks for. The session's Polly strategy (<see cref="RetryPipelines"/>) and the crawl's retry
/// middleware both decide through <see cref="Decide"/>, so a page, a robots.txt and a login retry alike.
/// </summary>
internal sealed class RetryPolicy
{
    private const int TooManyRequests = 429;

    private readonly RetryOptions _options;
    private readonly FrozenSet<int> _statusCodes;
    private readonly TimeProvider _timeProvider;

    public RetryPolicy(RetryOptions options, TimeProvider timeProvider)
    {
        _options = options;
        // A snapshot: the set is read on every response, and a policy in use does not change.
        _statusCodes = options.StatusCodes.ToFrozenSet();
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the options the policy was built from.</summary>
    public RetryOptions Options => _options;

    /// <summary>Whether an answer with this status is worth another attempt.</summary>
    public bool IsRetryableStatus(int status) => _statusCodes.Contains(status);

    /// <summary>
    /// Whether an error is worth another attempt: a timeout, a dropped connection, a body cut short by the
    /// connection (N8). Corrupt compressed data, TLS and name-resolution failures, and the request's own faults
    /// (<see cref="ArgumentException"/>, <see cref="InvalidHeaderException"/>, a bad URL) never are.
    /// </summary>
    public static bool IsTransient(Exception error) => error
        is SessionTimeoutException
        or TimeoutRejectedException
        or ContentDecodingException { IsTransient: true }
        or SessionConnectionException { Failure: not (ConnectionFailure.Tls or ConnectionFailure.NameResolution) };

    /// <summary>Whether a request may be sent twice: idempotent methods, unless the request says otherwise (a form submission never is).</summary>
    public static bool MayRetry(HttpMethod method, bool? requestRetry) => requestRetry ?? HttpMethods.IsIdempotent(method);

    /// <summary>Decides what follows a failed attempt.</summary>
    /// <param name="mayRetry">Whether the request may be sent again (<see cref="MayRetry"/>).</param>
    /// <param name="status">The answer's status, when one came.</param>
    /// <param name="retryAfter">The answer's Retry-After, if any.</param>
    /// <param name="error">The error, when no answer came.</param>
    /// <param name="attempt">The attempt that failed, from 0.</param>
    /// <returns>The decision.</returns>
    public RetryDecision Decide(bool mayRetry, int? status, RetryConditionHeaderValue? retryAfter, Exception? error, int attempt)
    {
        var reason = status is { } code ? code.ToString(CultureInfo.InvariantCulture) : error?.GetType().Name ?? "error";
        var transient = status is { } answered ? IsRetryableStatus(answered) : error is not null && IsTransient(error);
        if (!mayRetry || !transient)
        {
            return new(RetryAction.GiveUp, TimeSpan.Zero, reason);
        }

        if (_options.RespectRetryAfter && RetryAfter(retryAfter) is { } asked)
        {
            if (asked > _options.MaxRetryAfter)
            {
                return new(RetryAction.DropRetryAfterTooLong, asked, reason);
            }

            return attempt >= _options.MaxRetries
                ? new(RetryAction.GiveUp, TimeSpan.Zero, reason)
                : new(RetryAction.RetryAfterDomainPause, asked, reason);
        }

        if (attempt >= _options.MaxRetries)
        {
            return new(RetryAction.GiveUp, TimeSpan.Zero, reason);
        }

        var backoff = Backoff(attempt);
        // A 429 says the client as a whole is too fast, not that this page is broken: a crawl slows the domain down.
        return status == TooManyRequests
            ? new(RetryAction.RetryAfterDomainPause, backoff, reason)
            : new(RetryAction.RetryRequest, backoff, reason);
    }

    /// <summary>Tells the <see cref="RetryOptions.OnRetry"/> callback, if any, that a retry is about to wait.</summary>
    public ValueTask NotifyAsync(Uri url, int attempt, TimeSpan delay, int? status, Exception? error) =>
        _options.OnRetry is { } callback ? callback(new RetryArguments(url, attempt, delay, status, error)) : ValueTask.CompletedTask;

    /// <summary>The backoff before retry <paramref name="attempt"/> + 1: doubling from the base delay up to the maximum.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var backoff = _options.BaseDelay * Math.Pow(2, Math.Min(attempt, 30));
        if (_options.UseJitter)
        {
            backoff *= 0.5 + Random.Shared.NextDouble();
        }

        return backoff > _options.MaxDelay ? _options.MaxDelay : backoff;
    }

    /// <summary>The pause a Retry-After asks for, as delta-seconds or an HTTP date (a date in the past is no pause).</summary>
    private TimeSpan? RetryAfter(RetryConditionHeaderValue? retryAfter)
    {
        var delay = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - _timeProvider.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
