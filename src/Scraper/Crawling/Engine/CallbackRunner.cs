using Microsoft.Extensions.Logging;
using Scraper.Crawling.Stats;
using Scraper.Http;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Runs a request's callback on its response (or its errback on its failure) and takes what it yields: requests
/// go to the scheduler one level deeper on the parent's session, anything else is an item. A callback that
/// throws is counted and logged; the crawl goes on.
/// </summary>
internal sealed class CallbackRunner(Spider spider, CrawlStats stats, ILogger logger, ItemSink items, RequestScheduler scheduler)
{
    private readonly Spider _spider = spider;
    private readonly CrawlStats _stats = stats;
    private readonly ILogger _logger = logger;
    private readonly ItemSink _items = items;

    public async Task RunCallbackAsync(Request request, Response response, CancellationToken cancellationToken)
    {
        var callback = request.Callback ?? _spider.DefaultCallback;
        try
        {
            if (callback.Target is Func<Response, IEnumerable<object>> parse)
            {
                // A plain iterator: no async state machine per item; cancellation is checked between items.
                foreach (var result in parse(response))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await AcceptResultAsync(request, result, response.Url, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                var parseAsync = (Func<Response, CancellationToken, IAsyncEnumerable<object>>)callback.Target;
                await foreach (var result in parseAsync(response, cancellationToken).ConfigureAwait(false))
                {
                    await AcceptResultAsync(request, result, response.Url, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _stats.Error(ex);
            CrawlLog.CallbackFailed(_logger, ex, _spider.Name, UrlRedaction.Redact(response.Url));
        }
    }

    public async Task FailRequestAsync(Request request, Exception error, Response? response, CancellationToken cancellationToken)
    {
        if (request.Errback is not { } errback)
        {
            return;
        }

        var failure = new RequestFailure(request, error, response);
        try
        {
            if (errback.Target is Func<RequestFailure, IEnumerable<object>> onError)
            {
                foreach (var result in onError(failure))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await AcceptResultAsync(request, result, request.Url, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                var onErrorAsync = (Func<RequestFailure, CancellationToken, IAsyncEnumerable<object>>)errback.Target;
                await foreach (var result in onErrorAsync(failure, cancellationToken).ConfigureAwait(false))
                {
                    await AcceptResultAsync(request, result, request.Url, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _stats.Error(ex);
            CrawlLog.CallbackFailed(_logger, ex, _spider.Name, UrlRedaction.Redact(request.Url));
        }
    }

    /// <summary>
    /// Takes one thing a callback or errback of <paramref name="parent"/> yielded: a request is scheduled one level
    /// deeper on the parent's session (unless it names its own), anything else is an item from <paramref name="source"/>.
    /// </summary>
    private ValueTask AcceptResultAsync(Request parent, object? result, Uri source, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case Request next:
                // Response.Follow already gives the depth and session; copy only what still needs them.
                var child = next.Depth == parent.Depth + 1 && (next.Session is not null || parent.Session is null)
                    ? next
                    : next with { Depth = parent.Depth + 1, Session = next.Session ?? parent.Session };
                return scheduler.ScheduleAsync(child, cancellationToken);
            case null:
                return ValueTask.CompletedTask;
            default:
                return _items.AcceptAsync(result, source);
        }
    }

    /// <summary>Counts what was decided while the callback read the page: a tree cut at the depth cap, links too long to follow.</summary>
    public void CountPageDecisions(Response response)
    {
        if (response.Inner.IsDepthCapped)
        {
            _stats.Count("html/depth_capped");
            CrawlLog.DepthCapped(_logger, _spider.Name, UrlRedaction.Redact(response.Url));
        }

        for (var i = 0; i < response.LinksTooLong; i++)
        {
            _stats.RequestDropped("url too long");
        }
    }
}
