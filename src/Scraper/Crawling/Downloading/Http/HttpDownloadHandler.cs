using Scraper.Crawling.Engine;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.Http;

/// <summary>
/// The default download handler: one exchange through the request's session (its cookies, headers, auth,
/// connection pool, decompression, size limit), without the session's own retries and redirects, which the
/// middlewares above do.
/// </summary>
internal sealed class HttpDownloadHandler : IDownloadHandler
{
    public bool CanHandle(Request request) => true;

    public async ValueTask<Response> DownloadAsync(Request request, DownloadContext context, CancellationToken cancellationToken) =>
        new(request, await SendAsync(request, context, cancellationToken).ConfigureAwait(false));

    /// <summary>The exchange alone, which the pipeline awaits itself for this handler: one state machine less per attempt.</summary>
    internal static Task<SessionResponse> SendAsync(Request request, DownloadContext context, CancellationToken cancellationToken) =>
        context.Session.SendAsync(CrawlRequestMapping.ToSessionRequest(request), cancellationToken);
}
