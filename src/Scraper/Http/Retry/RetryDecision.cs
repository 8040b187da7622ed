namespace Scraper.Http;

/// <summary>What follows a failed attempt: give up, wait and retry, or give up because the server asked for too long a pause.</summary>
internal enum RetryAction
{
    /// <summary>Not retryable, or out of attempts: the answer (or the error) stands.</summary>
    GiveUp,

    /// <summary>Back off, this request alone: one broken URL must not slow a whole site.</summary>
    RetryRequest,

    /// <summary>The server asked for a pause (Retry-After, or a 429): a crawl holds the whole domain for the delay, then retries.</summary>
    RetryAfterDomainPause,

    /// <summary>The server asked for a pause longer than <see cref="RetryOptions.MaxRetryAfter"/>: not waited.</summary>
    DropRetryAfterTooLong,
}

/// <summary>The retry policy's answer to one failed attempt.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Delay">How long to wait before the next attempt (the pause asked for, when it is too long; zero when giving up).</param>
/// <param name="Reason">The status code or exception type that caused it, for logs and stats.</param>
internal readonly record struct RetryDecision(RetryAction Action, TimeSpan Delay, string Reason)
{
    /// <summary>Gets a value indicating whether another attempt follows.</summary>
    public bool Retries => Action is RetryAction.RetryRequest or RetryAction.RetryAfterDomainPause;
}
