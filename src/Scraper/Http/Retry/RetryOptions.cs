namespace Scraper.Http;

/// <summary>
/// The one retry policy (semantics T1, T2): a <see cref="Session"/> used alone follows it, and so does a crawl, for
/// its pages (the engine's retry middleware) and for what its sessions send themselves (robots.txt, logins). In a
/// crawl it is bound from <c>Scraper:Retry</c> (per spider: <c>Scraper:Spiders:&lt;name&gt;:Retry</c>).
/// Idempotent methods only, unless a request opts in; on the <see cref="StatusCodes"/>, timeouts, dropped
/// connections and bodies cut short; never on the request's own errors (an invalid header, a bad URL).
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Gets or sets the most retries after the first attempt; 0 turns retries off.</summary>
    /// <value>The default value is 3.</value>
    public int MaxRetries { get; set; } = RetryDefaults.MaxRetries;

    /// <summary>Gets or sets the backoff before the first retry; it doubles for each further retry of the same request.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = RetryDefaults.BaseDelay;

    /// <summary>Gets or sets the longest backoff (the doubling stops here); a Retry-After is bounded by <see cref="MaxRetryAfter"/> instead.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan MaxDelay { get; set; } = RetryDefaults.MaxDelay;

    /// <summary>Gets or sets a value indicating whether each backoff is randomised between 0.5 and 1.5 times itself (never over <see cref="MaxDelay"/>).</summary>
    /// <value>The default value is false: the backoff is exactly <see cref="BaseDelay"/> × 2^retry.</value>
    public bool UseJitter { get; set; }

    /// <summary>Gets or sets a value indicating whether a Retry-After header (seconds or an HTTP date) sets the delay.</summary>
    /// <value>The default value is true.</value>
    public bool RespectRetryAfter { get; set; } = true;

    /// <summary>
    /// Gets or sets the longest Retry-After honoured. A longer one is not waited: a session returns the answer as it
    /// is, a crawl drops the request (counted as <c>retry-after too long</c>) instead of stalling the site.
    /// </summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan MaxRetryAfter { get; set; } = RetryDefaults.MaxRetryAfter;

    /// <summary>
    /// Gets the status codes that are retried; configuration adds to them (<c>Scraper:Retry:StatusCodes:0=403</c>).
    /// A concrete set on purpose: the configuration binder adds to a get-only <see cref="HashSet{T}"/>, but would
    /// drop what it bound into a get-only <see cref="ISet{T}"/>.
    /// </summary>
    /// <value>The default value is 408, 429, 500, 502, 503, 504, 522, 524.</value>
    public HashSet<int> StatusCodes { get; } = [.. RetryDefaults.StatusCodes];

    /// <summary>Gets or sets a callback invoked before each retry waits (for logging, stats or tests), by a session and by a crawl.</summary>
    public Func<RetryArguments, ValueTask>? OnRetry { get; set; }

    /// <summary>Checks the options and throws naming the first invalid one.</summary>
    /// <param name="prefix">The configuration path the options came from, for the message.</param>
    /// <exception cref="ArgumentException">An option is out of range; its parameter name is the key below <paramref name="prefix"/>.</exception>
    public void Validate(string prefix = "Retry")
    {
        void Require(bool condition, string key, string message)
        {
            if (!condition)
            {
                throw new ArgumentException($"Configuration value '{prefix}:{key}' {message}", key);
            }
        }

        Require(MaxRetries >= 0, nameof(MaxRetries), "must not be negative.");
        Require(BaseDelay >= TimeSpan.Zero, nameof(BaseDelay), "must not be negative.");
        Require(MaxDelay >= BaseDelay, nameof(MaxDelay), $"must not be less than {prefix}:BaseDelay.");
        Require(MaxRetryAfter >= TimeSpan.Zero, nameof(MaxRetryAfter), "must not be negative.");
        foreach (var status in StatusCodes)
        {
            Require(status is >= 100 and <= 599, nameof(StatusCodes), $"holds {status}, which is not an HTTP status.");
        }
    }

    internal void CopyTo(RetryOptions target)
    {
        target.MaxRetries = MaxRetries;
        target.BaseDelay = BaseDelay;
        target.MaxDelay = MaxDelay;
        target.UseJitter = UseJitter;
        target.RespectRetryAfter = RespectRetryAfter;
        target.MaxRetryAfter = MaxRetryAfter;
        target.StatusCodes.Clear();
        target.StatusCodes.UnionWith(StatusCodes);
        target.OnRetry = OnRetry;
    }
}
