using Scraper.Http;

namespace Scraper.Crawling.Downloading.Proxies;

/// <summary>
/// Every proxy of the crawl is retired for good, so a request was not sent (never directly: that would show the
/// crawler's own address). Counted as <c>proxy/exhausted</c>; not retried.
/// </summary>
public sealed class ProxiesExhaustedException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The request's URL.</param>
    /// <param name="proxies">How many proxies were configured.</param>
    public ProxiesExhaustedException(Uri url, int proxies)
        : base(url, $"Not sent: all {proxies} proxies are retired (see Scraper:Proxies:MaxFailures and CoolDown).")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ProxiesExhaustedException()
        : base("Not sent: all proxies are retired.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ProxiesExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ProxiesExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
