namespace Scraper.Crawling.Downloading;

/// <summary>
/// The positions of the built-in download middlewares, outermost first; a middleware's
/// <see cref="IDownloadMiddleware.Order"/> places it among them. A request goes down this list and the response
/// comes back up it.
/// </summary>
public static class DownloadMiddlewareOrder
{
    /// <summary>Login before the first request of a session, and again (once) when the spider's logged-out detector fires on the final response; the request is then replayed.</summary>
    public const int Login = 100;

    /// <summary>Redirects: each hop is fingerprinted (a hop already seen is dropped as a duplicate), checked as off-site, and goes through everything below.</summary>
    public const int Redirects = 200;

    /// <summary>Where an HTTP cache sits: below redirects (a hop is an entry), above robots.txt and politeness (a hit skips both).</summary>
    public const int HttpCache = 300;

    /// <summary>robots.txt of the request's origin: a disallowed request is dropped; Crawl-delay raises the domain's delay.</summary>
    public const int Robots = 400;

    /// <summary>Retries (one policy): a backoff delays the request alone; Retry-After and 429 pause its domain; a retried request goes back through politeness.</summary>
    public const int Retry = 500;

    /// <summary>Politeness: a place in the domain's concurrency, its delay and pauses, the adaptive throttle.</summary>
    public const int Politeness = 600;

    /// <summary>The default for a user's middleware: inside the politeness slot, around each attempt on the wire.</summary>
    public const int Default = 700;

    /// <summary>Where a proxy is chosen for the attempt.</summary>
    public const int Proxy = 800;
}
