namespace Scraper.Crawling.Downloading.Retry;

/// <summary>What the engine does after a failed attempt: give up, wait and retry, or drop the request.</summary>
internal enum RetryAction
{
    /// <summary>Not retryable, or out of attempts: the request fails (errback, counted error).</summary>
    GiveUp,

    /// <summary>Wait the delay, this request alone; the domain keeps its pace for other URLs.</summary>
    RetryRequest,

    /// <summary>Pause the whole domain for the delay (the server asked: Retry-After, 429), then retry.</summary>
    RetryAfterDomainPause,

    /// <summary>The server asked for a pause longer than the engine honours: drop the request instead of stalling the site.</summary>
    DropRetryAfterTooLong,
}

/// <summary>The engine's answer to one failed attempt.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Delay">How long to wait before the next attempt (zero unless retrying).</param>
/// <param name="Reason">The status code or exception type that caused it, for logs and stats.</param>
internal readonly record struct RetryDecision(RetryAction Action, TimeSpan Delay, string Reason);
