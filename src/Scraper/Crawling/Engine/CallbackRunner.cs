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
        var admissions = new AdmissionBatch(scheduler);
        try
        {
            if (target is Func<T, IEnumerable<object>> plain)
            {
                foreach (var result in plain(argument))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await AcceptResultAsync(request, result, source, batch, admissions, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                var iterator = (Func<T, CancellationToken, IAsyncEnumerable<object>>)target;
                var results = iterator(argument, cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (results.ConfigureAwait(false))
                {
                    while (true)
                    {
                        var next = results.MoveNextAsync();
                        if (!next.IsCompleted && admissions.Count > 0)
                        {
                            // The callback waits for something (an API call, a delay): what it yielded so far goes in now.
                            next = await FlushWhileWaitingAsync(admissions, next.AsTask(), cancellationToken).ConfigureAwait(false);
                        }

                        if (!await next.ConfigureAwait(false))
                        {
                            break;
                        }

                        await AcceptResultAsync(request, results.Current, source, batch, admissions, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await admissions.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ScraperTracing.Failed(activity, ex);
            _stats.Error(ex, source);
            CrawlLog.CallbackFailed(_logger, ex, _spider.Name, UrlRedaction.Redact(source));
            await AdmitYieldedBeforeFailureAsync(admissions, source, cancellationToken).ConfigureAwait(false);
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
    private ValueTask AcceptResultAsync(Request parent, object? result, Uri source, ItemBatch? batch, AdmissionBatch admissions, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case Request next:
                // Response.Follow already gives the depth and session; copy only what still needs them.
                var child = next.Depth == parent.Depth + 1 && (next.Session is not null || parent.Session is null)
                    ? next
                    : next with { Depth = parent.Depth + 1, Session = next.Session ?? parent.Session };
                return admissions.AddAsync(child, cancellationToken);
            case null:
                return ValueTask.CompletedTask;
            default:
                return batch is null ? _items.AcceptAsync(result, source) : batch.AddAsync(result, source);
        }
    }

    /// <summary>
    /// Admits what an async callback yielded while it waits for its next result. Should the admission fail, the
    /// callback's step is awaited before the failure goes on, so its iterator is never disposed while it runs.
    /// </summary>
    private static async Task<ValueTask<bool>> FlushWhileWaitingAsync(AdmissionBatch admissions, Task<bool> next, CancellationToken cancellationToken)
    {
        try
        {
            await admissions.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        return new ValueTask<bool>(next);
    }

    /// <summary>
    /// A callback that failed half-way still gets the requests it yielded before (as if each had been admitted when
    /// yielded). A failure to admit them (the frontier is gone) is logged and counted too; the crawl goes on.
    /// </summary>
    private async Task AdmitYieldedBeforeFailureAsync(AdmissionBatch admissions, Uri source, CancellationToken cancellationToken)
    {
        try
        {
            await admissions.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _stats.Error(ex, source);
            CrawlLog.CallbackFailed(_logger, ex, _spider.Name, UrlRedaction.Redact(source));
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
