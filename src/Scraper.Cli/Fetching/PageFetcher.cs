using Scraper.Crawling;
using Scraper.Http;

namespace Scraper.Cli.Fetching;

/// <summary>Fetches a page through a session and wraps it as the crawl's <see cref="Response"/>, so the commands use the spiders' helpers.</summary>
internal static class PageFetcher
{
    /// <summary>GETs a URL.</summary>
    /// <param name="session">The session.</param>
    /// <param name="url">An absolute http(s) URL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response, whatever its status.</returns>
    /// <exception cref="ArgumentException">The URL is not an absolute http(s) URL.</exception>
    public static async Task<Response> GetAsync(Session session, string url, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{url}' is not an absolute http or https URL.");
        }

        var request = new Request(target);
        return new Response(request, await session.GetAsync(target.AbsoluteUri, cancellationToken));
    }
}
