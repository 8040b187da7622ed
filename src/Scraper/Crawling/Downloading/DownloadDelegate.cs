namespace Scraper.Crawling.Downloading;

/// <summary>The rest of the download pipeline after a middleware: the next middlewares and the download handler.</summary>
/// <param name="request">The request to download.</param>
/// <param name="context">The download's context.</param>
/// <param name="cancellationToken">Cancelled when the crawl stops.</param>
/// <returns>The response, whatever its status; failures are exceptions (<see cref="Scraper.Http.SessionException"/> and its kinds).</returns>
public delegate ValueTask<Response> DownloadDelegate(Request request, DownloadContext context, CancellationToken cancellationToken);
