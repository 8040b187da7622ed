using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>
/// The browser could not render a page (a refused connection, a selector to click that never appeared, a crashed
/// renderer): counted as an error of the request, and the crawl goes on.
/// </summary>
public sealed class RenderFailedException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The page.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The browser's error.</param>
    public RenderFailedException(Uri url, string message, Exception? innerException = null)
        : base(url, message, innerException)
    {
    }
}
