using Microsoft.Extensions.Logging;
using Scraper.Crawling.Stats;
using Scraper.Http;
using Scraper.Telemetry;

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

    public Task RunCallbackAsync(Request request, Response response, ItemBatch? batch, CancellationToken cancellationToken) =>
        RunAsync((request.Callback ?? _spider.DefaultCallback).Target, response, request, response.Url, batch, cancellationToken);

    public Task FailRequestAsync(Request request, Exception error, Response? response, ItemBatch? batch, CancellationToken cancellationToken) =>
        request.Errback is { } errback
            ? RunAsync(errback.Target, new RequestFailure(request, error, response), request, request.Url, batch, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Runs a callback or errback, a plain iterator (<c>Func&lt;T, IEnumerable&lt;object&gt;&gt;</c>: no async state
    /// machine per item, cancellation checked between items) or an async one, and takes everything it yields.
    /// </summary>
    private async Task RunAsync<T>(Delegate target, T argument, Request request, Uri source, ItemBatch? batch, CancellationToken cancellationToken)
    {
        var timed = _stats.TimesCallbacks;
        var started = timed ? _stats.Timestamp() : 0;
        // An event on the request's activity, not an activity of its own: the request's failure if the callback fails.
        var activity = ScraperTracing.CallbackStarting();
        try
        {
            if (target is Func<T, IEnumerable<object>> plain)
            {
                foreach (var result in plain(argument))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await AcceptResultAsync(request, result, source, batch, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                var iterator = (Func<T, CancellationToken, IAsyncEnumerable<object>>)target;
                await foreach (var result in iterator(argument, cancellationToken).ConfigureAwait(false))
                {
                    await AcceptResultAsync(request, result, source, batch, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ScraperTracing.Failed(activity, ex);
            _stats.Error(ex, source);
            CrawlLog.CallbackFailed(_logger, ex, _spider.Name, UrlRedaction.Redact(source));
        }
        finally
        {
            if (timed)
            {
                _stats.CallbackTimed(started);
            }
        }
    }

    /// <summary>
    /// Takes one thing a callback or errback of <paramref name="parent"/> yielded: a request is scheduled one level
    /// deeper on the parent's session (unless it names its own), anything else is an item from <paramref name="source"/>,
    /// held in the request's <paramref name="batch"/> when there is one.
    /// </summary>
    private ValueTask AcceptResultAsync(Request parent, object? result, Uri source, ItemBatch? batch, CancellationToken cancellationToken)
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
                return batch is null ? _items.AcceptAsync(result, source) : batch.AddAsync(result, source);
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
