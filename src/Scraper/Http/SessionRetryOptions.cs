namespace Scraper.Http;

/// <summary>
/// How a session retries (semantics T1, T2): idempotent methods only, unless a request opts in; on 408, 429,
/// 500, 502, 503, 504 and transient network errors; exponential backoff with jitter; Retry-After honoured up to
/// <see cref="MaxDelay"/>. Retries are tracked per host, so one failing host does not slow the others.
/// </summary>
public sealed class SessionRetryOptions
{
    /// <summary>Gets or sets the most retries after the first attempt; 0 turns retries off.</summary>
    /// <value>The default value is 3.</value>
    public int MaxRetryAttempts { get; set; } = SessionDefaults.MaxRetryAttempts;

    /// <summary>Gets or sets the delay before the first retry; later ones grow exponentially, with jitter.</summary>
    /// <value>The default value is 0.5 seconds.</value>
    public TimeSpan BaseDelay { get; set; } = SessionDefaults.RetryBaseDelay;

    /// <summary>Gets or sets the longest wait before a retry, Retry-After included (a longer Retry-After is capped).</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = SessionDefaults.RetryMaxDelay;

    /// <summary>Gets or sets a value indicating whether a Retry-After header sets the delay.</summary>
    /// <value>The default value is true.</value>
    public bool RespectRetryAfter { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether random jitter is added to the backoff.</summary>
    /// <value>The default value is true.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>Gets the status codes that are retried.</summary>
    /// <value>The default value is 408, 429, 500, 502, 503, 504.</value>
    public ISet<int> StatusCodes { get; } = new HashSet<int>(SessionDefaults.RetryStatusCodes);

    /// <summary>Gets or sets a callback invoked before each retry waits (for logging, stats or tests).</summary>
    public Func<RetryArguments, ValueTask>? OnRetry { get; set; }

    internal void CopyTo(SessionRetryOptions target)
    {
        target.MaxRetryAttempts = MaxRetryAttempts;
        target.BaseDelay = BaseDelay;
        target.MaxDelay = MaxDelay;
        target.RespectRetryAfter = RespectRetryAfter;
        target.UseJitter = UseJitter;
        target.StatusCodes.Clear();
        target.StatusCodes.UnionWith(StatusCodes);
        target.OnRetry = OnRetry;
    }
}
