using Scraper.Crawling.Engine;

namespace Scraper.Crawling.Downloading.Politeness;

/// <summary>
/// Holds a place in the request's domain slot (per-domain concurrency, delay with jitter, Crawl-delay,
/// Retry-After pauses) for one attempt, and feeds the attempt's latency to the adaptive throttle.
/// </summary>
internal sealed class PolitenessMiddleware(DomainSlots slots) : IDownloadMiddleware
{
    public int Order => DownloadMiddlewareOrder.Politeness;

    public async ValueTask<Response> InvokeAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        var slot = slots.For(request.Url, context);
        var started = context.TimeProvider.GetTimestamp();
        Response? response = null;
        try
        {
            using (await slot.AcquireAsync(cancellationToken).ConfigureAwait(false))
            {
                response = await next(request, context, cancellationToken).ConfigureAwait(false);
                return response;
            }
        }
        finally
        {
            slot.RecordLatency(context.TimeProvider.GetElapsedTime(started), response is { Inner.IsSuccessStatusCode: true });
        }
    }
}
