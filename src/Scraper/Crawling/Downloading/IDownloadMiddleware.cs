namespace Scraper.Crawling.Downloading;

/// <summary>
/// One step of the download pipeline, between the frontier and the parse callback (Scrapy's downloader
/// middleware, ASP.NET Core's middleware): it sees the request, may answer it itself without calling
/// <c>next</c> (a cache hit), change it before passing it on (a proxy, a header), call
/// <c>next</c> more than once (a retry, a redirect hop), and inspect or replace what comes back,
/// a <see cref="Response"/> or an exception. Robots, redirects, login, retries and politeness are built this way.
/// </summary>
/// <example>
/// <code>
/// public sealed class ApiKeyMiddleware : IDownloadMiddleware
/// {
///     public ValueTask&lt;Response&gt; InvokeAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken) =>
///         next(request with { Headers = new Dictionary&lt;string, string?&gt;(request.Headers) { ["X-Api-Key"] = "..." } }, context, cancellationToken);
/// }
/// </code>
/// </example>
public interface IDownloadMiddleware
{
    /// <summary>
    /// Gets where the middleware sits: lower runs first (outermost). Built-in positions are in
    /// <see cref="DownloadMiddlewareOrder"/>.
    /// </summary>
    /// <value>The default value is <see cref="DownloadMiddlewareOrder.Default"/>: inside the politeness slot, so it sees every attempt on the wire.</value>
    int Order => DownloadMiddlewareOrder.Default;

    /// <summary>Downloads the request through the rest of the pipeline, or answers it.</summary>
    /// <param name="request">The request, as the previous step passes it.</param>
    /// <param name="context">The download's context: spider, session, stats.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <param name="cancellationToken">Cancelled when the crawl stops.</param>
    /// <returns>The response, whatever its status.</returns>
    /// <exception cref="RequestDroppedException">The request is not to be downloaded (counted under its reason).</exception>
    ValueTask<Response> InvokeAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken);
}
