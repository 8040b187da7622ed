namespace Scraper.Crawling.Downloading;

/// <summary>
/// Downloads a request at the bottom of the pipeline (Scrapy's download handler). The first registered handler
/// that <see cref="CanHandle"/> a request gets it; HTTP through the request's session is the default. A browser
/// that renders pages is another handler.
/// </summary>
public interface IDownloadHandler
{
    /// <summary>Tells whether this handler downloads the request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>True to take it.</returns>
    bool CanHandle(Request request);

    /// <summary>Downloads the request once (no retries, no redirects: the middlewares do those).</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The download's context; <see cref="DownloadContext.Session"/> is the request's session.</param>
    /// <param name="cancellationToken">Cancelled when the crawl stops.</param>
    /// <returns>The response, whatever its status (build one with <see cref="Response.Create"/>).</returns>
    ValueTask<Response> DownloadAsync(Request request, DownloadContext context, CancellationToken cancellationToken);
}
