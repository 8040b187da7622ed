using Scraper.Crawling.Downloading.Http;

namespace Scraper.Crawling.Downloading;

/// <summary>
/// The download pipeline of one crawl, composed once: the middlewares ordered by <see cref="IDownloadMiddleware.Order"/>
/// (registration order among equals), then the first handler that takes the request. Each attempt that reaches a
/// handler is counted as a request sent, and its response is tracked for the memory budget.
/// </summary>
internal sealed class DownloadPipeline
{
    private readonly IDownloadHandler[] _handlers;
    private readonly DownloadDelegate _entry;

    public DownloadPipeline(IEnumerable<IDownloadMiddleware> middlewares, IEnumerable<IDownloadHandler> handlers)
    {
        _handlers = [.. handlers];
        DownloadDelegate pipeline = HandleAsync;
        foreach (var middleware in middlewares.Select((m, i) => (m, i)).OrderBy(x => x.m.Order).ThenBy(x => x.i).Select(x => x.m).Reverse())
        {
            var next = pipeline;
            pipeline = (request, context, cancellationToken) => middleware.InvokeAsync(request, context, next, cancellationToken);
        }

        _entry = pipeline;
    }

    public ValueTask<Response> DownloadAsync(Request request, DownloadContext context, CancellationToken cancellationToken) =>
        _entry(request, context, cancellationToken);

    private async ValueTask<Response> HandleAsync(Request request, DownloadContext context, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            if (handler.CanHandle(request))
            {
                var stats = context.Stats;
                var series = stats.RequestSent(request.Url, context.Session.Name);
                // Timed only when a listener wants it: no clock read per attempt otherwise.
                var timed = stats.TimesDownloads;
                var started = timed ? context.TimeProvider.GetTimestamp() : 0;
                Response response;
                try
                {
                    response = handler is HttpDownloadHandler
                        ? new Response(request, await HttpDownloadHandler.SendAsync(request, context, cancellationToken).ConfigureAwait(false))
                        : await handler.DownloadAsync(request, context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (timed)
                {
                    stats.Downloaded(series, context.TimeProvider.GetElapsedTime(started), null, ex.GetType().Name);
                    throw;
                }

                context.Track(response);
                if (timed)
                {
                    stats.Downloaded(series, context.TimeProvider.GetElapsedTime(started), (int)response.Status, null);
                }

                stats.ResponseDownloaded(series, (int)response.Status, response.Body.Length);
                return response;
            }
        }

        throw new InvalidOperationException($"No download handler takes {request}.");
    }
}
