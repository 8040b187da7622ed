using Scraper.Crawling.Engine;

namespace Scraper.Crawling.Downloading.Robots;

/// <summary>
/// Obeys the robots.txt of each request's origin (each redirect hop's too): a disallowed request is dropped as
/// <c>robots</c>; a Crawl-delay raises the domain's delay. A request with <see cref="Request.ObeyRobots"/> false
/// passes.
/// </summary>
internal sealed class RobotsMiddleware(RobotsGate robots, DomainSlots slots) : IDownloadMiddleware
{
    public int Order => DownloadMiddlewareOrder.Robots;

    public async ValueTask<Response> InvokeAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        if (request.ObeyRobots)
        {
            var verdict = await robots.CheckAsync(request.Url, context, cancellationToken).ConfigureAwait(false);
            if (verdict.CrawlDelay is { } crawlDelay)
            {
                await slots.For(request.Url, context).ApplyCrawlDelayAsync(crawlDelay, cancellationToken).ConfigureAwait(false);
            }

            if (!verdict.Allowed)
            {
                throw new RequestDroppedException("robots");
            }
        }

        return await next(request, context, cancellationToken).ConfigureAwait(false);
    }
}
