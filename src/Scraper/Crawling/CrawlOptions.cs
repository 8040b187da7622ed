using Scraper.Crawling.Downloading.Proxies;
using Scraper.Http;

namespace Scraper.Crawling;

/// <summary>
/// The settings of one crawl: limits, politeness and retries. Bound from the <c>Scraper</c> configuration section
/// (per spider: <c>Scraper:Spiders:&lt;name&gt;</c>) and adjustable by <see cref="Spider.ConfigureCrawl"/>.
/// </summary>
public sealed class CrawlOptions
{
    /// <summary>Gets or sets the most requests in flight at once, over all domains.</summary>
    /// <value>The default value is 16.</value>
    public int ConcurrentRequests { get; set; } = 16;

    /// <summary>Gets or sets the most requests in flight at once to one domain.</summary>
    /// <value>The default value is 8.</value>
    public int ConcurrentRequestsPerDomain { get; set; } = 8;

    /// <summary>Gets or sets the pause between two requests to one domain.</summary>
    /// <value>The default value is zero.</value>
    public TimeSpan DownloadDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets a value indicating whether each delay is randomised between 0.5 and 1.5 times itself.</summary>
    /// <value>The default value is true.</value>
    public bool RandomizeDelay { get; set; } = true;

    /// <summary>Gets or sets the deepest request followed (start requests are depth 0); 0 means no limit.</summary>
    /// <value>The default value is 0.</value>
    public int MaxDepth { get; set; }

    /// <summary>Gets or sets the most pages downloaded before the crawl stops; 0 means no limit.</summary>
    /// <value>The default value is 0.</value>
    public long MaxPages { get; set; }

    /// <summary>Gets or sets the most items scraped before the crawl stops; 0 means no limit.</summary>
    /// <value>The default value is 0.</value>
    public long MaxItems { get; set; }

    /// <summary>Gets or sets a value indicating whether robots.txt is obeyed (Crawl-delay included).</summary>
    /// <value>The default value is true.</value>
    public bool ObeyRobotsTxt { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the session a request goes through is part of its fingerprint. True:
    /// the same page through two sessions is fetched through each (two accounts may see different pages). False:
    /// it is fetched once, through whichever session asked first, for spiders whose sessions all see the same
    /// public pages.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool FingerprintIncludesSession { get; set; } = true;

    /// <summary>
    /// Gets the retry policy (<c>Scraper:Retry</c>), the crawl's one: the engine retries pages by it, and the
    /// spider's sessions retry what they send themselves (robots.txt, logins) by it. It is the same object as
    /// <see cref="SessionOptions.Retry"/> of <see cref="Session"/>, so the two cannot disagree. A backoff delays the
    /// failing request only; a Retry-After or a 429 pauses its domain (never the crawl).
    /// </summary>
    public RetryOptions Retry => Session.Retry;

    /// <summary>Gets the adaptive throttle settings (off by default).</summary>
    public AutoThrottleOptions AutoThrottle { get; } = new();

    /// <summary>Gets or sets how many logins in a row may fail to produce a logged-in response before the crawl stops.</summary>
    /// <value>The default value is 3.</value>
    public int MaxLoginAttempts { get; set; } = 3;

    /// <summary>Gets or sets how often a progress line is logged.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets a folder where each session keeps its cookies between runs (<c>{folder}/{session}.cookies.json</c>),
    /// so a scheduled spider does not log in on every run while its session is still valid.
    /// </summary>
    /// <value>The default value is null: cookies live as long as the run.</value>
    public string? SessionStateDirectory { get; set; }

    /// <summary>
    /// Gets or sets the most bytes the response bodies of one crawl may hold at once, across all its sessions: when
    /// they reach it, further bodies wait for bytes to be released instead of growing the heap. A body's bytes are
    /// reserved as it is read and released when its callback has finished; a body larger than this is read alone.
    /// </summary>
    /// <value>The default value is 128 MiB (twice the default size limit of one response).</value>
    public long MaxBufferedBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>
    /// Gets the proxies the spider's sessions go through, one proxy per session, moved when it is blocked
    /// (<c>Scraper:Proxies</c>); none by default.
    /// </summary>
    public ProxyRotationOptions Proxies { get; } = new();

    /// <summary>Gets the options every session of the spider starts from.</summary>
    public SessionOptions Session { get; } = new();

    /// <summary>Checks the options and throws naming the first invalid one.</summary>
    /// <param name="prefix">The configuration path the options came from, for the message.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate(string prefix = "Scraper")
    {
        void Require(bool condition, string key, string message)
        {
            if (!condition)
            {
                throw new ArgumentException($"Configuration value '{prefix}:{key}' {message}", key);
            }
        }

        Require(ConcurrentRequests > 0, nameof(ConcurrentRequests), "must be positive.");
        Require(ConcurrentRequestsPerDomain > 0, nameof(ConcurrentRequestsPerDomain), "must be positive.");
        Require(DownloadDelay >= TimeSpan.Zero, nameof(DownloadDelay), "must not be negative.");
        Require(MaxDepth >= 0, nameof(MaxDepth), "must not be negative.");
        Require(MaxPages >= 0, nameof(MaxPages), "must not be negative.");
        Require(MaxItems >= 0, nameof(MaxItems), "must not be negative.");
        Require(MaxLoginAttempts > 0, nameof(MaxLoginAttempts), "must be positive.");
        Require(MaxBufferedBytes > 0, nameof(MaxBufferedBytes), "must be positive.");
        Require(StatsInterval > TimeSpan.Zero, nameof(StatsInterval), "must be positive.");
        Require(AutoThrottle.TargetConcurrency > 0, "AutoThrottle:TargetConcurrency", "must be positive.");
        Require(AutoThrottle.MaxDelay >= AutoThrottle.StartDelay, "AutoThrottle:MaxDelay", "must not be less than AutoThrottle:StartDelay.");
        try
        {
            // Before the session's options, which hold the same object: the message names Scraper:Retry, where it is set.
            Retry.Validate($"{prefix}:Retry");
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(ex.Message, "Retry:" + ex.ParamName, ex);
        }

        try
        {
            Proxies.Validate($"{prefix}:Proxies");
        }
        catch (ArgumentException ex)
        {
            // The key relative to the prefix, so that the host can tell whether a spider's own section set it.
            throw new ArgumentException(ex.Message, "Proxies:" + ex.ParamName, ex);
        }

        try
        {
            Session.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Configuration value '{prefix}:Session:{ex.ParamName}' is invalid: {ex.Message}", ex.ParamName, ex);
        }
    }
}
