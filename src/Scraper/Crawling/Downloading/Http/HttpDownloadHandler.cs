using Scraper.Crawling.Engine;

namespace Scraper.Crawling.Downloading.Http;

/// <summary>
/// The default download handler: one exchange through the request's session (its cookies, headers, auth,
/// connection pool, decompression, size limit), without the session's own retries and redirects, which the
/// middlewares above do.
/// </summary>
internal sealed class HttpDownloadHandler : IDownloadHandler
{
    public bool CanHandle(Request request) => true;

    public async ValueTask<Response> DownloadAsync(Request request, DownloadContext context, CancellationToken cancellationToken)
    {
        var answer = await context.Session.SendAsync(CrawlRequestMapping.ToSessionRequest(request), cancellationToken).ConfigureAwait(false);
        return new Response(request, answer);
    }
}
