using Microsoft.Extensions.Logging;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Downloading.Http;
using Scraper.Crawling.Downloading.Login;
using Scraper.Crawling.Downloading.Politeness;
using Scraper.Crawling.Downloading.Proxies;
using Scraper.Crawling.Downloading.Redirects;
using Scraper.Crawling.Downloading.Retry;
using Scraper.Crawling.Downloading.Robots;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Stats;
using Scraper.Http;

namespace Scraper.Crawling.Engine;

/// <summary>
/// One crawl of one spider: the scheduling loop, the processing of each request (politeness, login, download,
/// retries, callback, items) and the orderly end (drain, flush, save). Everything here lives for one run only,
/// so a spider type can run again in the same process.
/// </summary>
internal sealed class CrawlRun : IAsyncDisposable
{
    private readonly Spider _spider;
    private readonly CrawlOptions _options;
    private readonly CrawlerServices _services;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CrawlStats _stats;
    private readonly IFrontier _frontier;
    private readonly IDuplicateFilter _duplicates;
    private readonly DomainSlots _slots;
    private readonly DownloadPipeline _pipeline;
    private readonly SpiderSessionPool _sessions;
    private readonly ItemSink _items;
    private readonly OffsiteFilter _offsite;
    private readonly SemaphoreSlim _globalSlots;
    private readonly WakeSignal _wake = new();
    private readonly CancellationTokenSource _fatal = new();
    private int _inFlight;
    private string? _limitReached;
    private Exception? _fatalError;

    public CrawlRun(Spider spider, CrawlOptions options, CrawlerServices services)
    {
        _spider = spider;
        _options = options;
        _services = services;
        _time = services.TimeProvider;
        _logger = services.LoggerFactory.CreateLogger("Scraper.Crawler");
        _stats = new CrawlStats(spider.Name, _time, services.MeterFactory);
        _frontier = services.FrontierFactory();
        _duplicates = services.DuplicateFilterFactory();
        _sessions = new SpiderSessionPool(spider, options, services, _stats);
        // With proxies, a slot is per proxy and host: the site sees (and limits) each proxy as one client.
        _slots = new DomainSlots(options, _time, _sessions.Proxies is { } proxies ? proxies.KeyOf : null);
        _items = new ItemSink(spider.Name, services, _stats, options.MaxItems, OnItemLimit);
        _offsite = new OffsiteFilter(spider.AllowedDomains);
        _globalSlots = new SemaphoreSlim(options.ConcurrentRequests, options.ConcurrentRequests);
        _pipeline = new DownloadPipeline(BuiltInMiddlewares().Concat(services.DownloadMiddlewares), [.. services.DownloadHandlers, new HttpDownloadHandler()]);
    }

    private IEnumerable<IDownloadMiddleware> BuiltInMiddlewares()
    {
        yield return new LoginMiddleware(_options, _logger);
        yield return new RedirectMiddleware(_duplicates, _offsite, _options.FingerprintIncludesSession);
        if (_options.ObeyRobotsTxt)
        {
            yield return new RobotsMiddleware(new RobotsGate(_services.LoggerFactory, _time, _services.DownloadMiddlewares), _slots);
        }

        yield return new RetryMiddleware(_options, _slots, _time, _logger);
        yield return new PolitenessMiddleware(_slots);
        if (_sessions.Proxies is { } proxies)
        {
            yield return new ProxyMiddleware(proxies);
        }
    }

    public async Task<CrawlResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _fatal.Token);
        CrawlLog.Started(_logger, _spider.Name);
        await _items.OpenAsync(cancellationToken).ConfigureAwait(false);
        var progress = ReportProgressAsync(stop.Token);
        var outcome = CrawlOutcome.Completed;
        try
        {
            await foreach (var request in _spider.StartRequestsAsync(stop.Token).ConfigureAwait(false))
            {
                await ScheduleAsync(request with { Depth = 0 }, stop.Token).ConfigureAwait(false);
            }

            await RunLoopAsync(stop.Token).ConfigureAwait(false);
            outcome = Volatile.Read(ref _limitReached) is null ? CrawlOutcome.Completed : CrawlOutcome.LimitReached;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = CrawlOutcome.Cancelled;
        }
        catch (OperationCanceledException) when (_fatal.IsCancellationRequested)
        {
            outcome = CrawlOutcome.Failed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _fatalError ??= ex;
            outcome = CrawlOutcome.Failed;
        }
        finally
        {
            // Requests in flight observe the stop token; wait for them so that every item they yielded is flushed.
            using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(_services.HardStop);
            shutdown.CancelAfter(_services.ShutdownTimeout);
            await DrainAsync(shutdown.Token).ConfigureAwait(false);
            await _items.CloseAsync(shutdown.Token).ConfigureAwait(false);
            await _sessions.CloseAsync().ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await progress.ConfigureAwait(false);
        }

        // The item limit is counted where items are exported, which may be after the last page was parsed.
        if (outcome == CrawlOutcome.Completed && Volatile.Read(ref _limitReached) is not null)
        {
            outcome = CrawlOutcome.LimitReached;
        }

        if (_fatalError is not null)
        {
            outcome = CrawlOutcome.Failed;
            CrawlLog.Stopped(_logger, _fatalError, _spider.Name, _fatalError.Message);
        }

        var stats = _stats.Snapshot();
        CrawlLog.Finished(_logger, _spider.Name, outcome, stats.ToSummary());
        return new CrawlResult(_spider.Name, outcome, stats, _fatalError);
    }

    public async ValueTask DisposeAsync()
    {
        await _frontier.DisposeAsync().ConfigureAwait(false);
        await _duplicates.DisposeAsync().ConfigureAwait(false);
        _slots.Dispose();
        _sessions.Dispose();
        _globalSlots.Dispose();
        _fatal.Dispose();
    }

    /// <summary>
    /// Takes requests from the frontier while a global place is free, and ends when the frontier is empty and
    /// nothing is in flight (anything in flight may still add requests), or when a limit is reached.
    /// </summary>
    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _limitReached) is null)
        {
            await _globalSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref _limitReached) is not null)
            {
                // A limit was reached while this loop waited for a place: start nothing more.
                _globalSlots.Release();
                return;
            }

            var lease = await _frontier.TryDequeueAsync(cancellationToken).ConfigureAwait(false);
            if (lease is null && Volatile.Read(ref _inFlight) == 0)
            {
                // Nothing in flight: whatever those requests enqueued happened before they finished, so a last look is final.
                lease = await _frontier.TryDequeueAsync(cancellationToken).ConfigureAwait(false);
                if (lease is null)
                {
                    _globalSlots.Release();
                    return;
                }
            }

            if (lease is null)
            {
                _globalSlots.Release();
                await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            Interlocked.Increment(ref _inFlight);
            // Not fire-and-forget: ProcessAsync never throws, and every started task is counted in _inFlight,
            // which DrainAsync waits down to zero before the run ends. Holding Task objects would only cost memory.
            _ = ProcessAsync(lease, cancellationToken);
        }
    }

    /// <summary>Processes one request to the end. Never throws: every failure is logged, counted and absorbed here.</summary>
    private async Task ProcessAsync(FrontierLease lease, CancellationToken cancellationToken)
    {
        var request = lease.Request;
        var context = new DownloadContext(_spider, _sessions.For(request.Session), _stats, _time, WaitWithoutGlobalPlaceAsync);
        Response? response = null;
        try
        {
            response = await DownloadAsync(request, context, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                await RunCallbackAsync(request, response, cancellationToken).ConfigureAwait(false);
                CountPageDecisions(response);
            }

            await _frontier.AcknowledgeAsync(lease, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the request stays unacknowledged, so a persistent frontier hands it out again on resume.
        }
        catch (LoginFailedException ex)
        {
            Fail(ex);
        }
        catch (Exception ex)
        {
            _stats.Error(ex);
            CrawlLog.CallbackFailed(_logger, ex, _spider.Name, lease.Request.ToString());
        }
        finally
        {
            // The bytes of every answer go back to the memory budget: now that the callback is done with this one,
            // and those the middlewares discarded (retried, redirected, logged out).
            response?.Inner.ReleaseBody();
            context.ReleaseAllBut(response);
            Interlocked.Decrement(ref _inFlight);
            _globalSlots.Release();
            _wake.Set();
        }
    }

    /// <summary>
    /// Runs the request through the download pipeline; returns the 2xx response for the callback, or null when
    /// the request was dropped or failed (counted, logged, and handed to the errback).
    /// </summary>
    private async Task<Response?> DownloadAsync(Request request, DownloadContext context, CancellationToken cancellationToken)
    {
        Response response;
        try
        {
            response = await _pipeline.DownloadAsync(request, context, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestDroppedException dropped)
        {
            DropRequest(request, dropped.Reason);
            await FailRequestAsync(request, dropped, dropped.Response, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is SessionException or ArgumentException)
        {
            // A session error after the retries, or the request's own fault (an invalid header): failed for good.
            _stats.Error(ex);
            CrawlLog.DownloadFailed(_logger, _spider.Name, UrlRedaction.Redact(request.Url), ex.Message);
            await FailRequestAsync(request, ex, null, cancellationToken).ConfigureAwait(false);
            return null;
        }

        _stats.PageReceived(request.Depth);
        if (_options.MaxPages > 0 && _stats.Responses >= _options.MaxPages)
        {
            ReachLimit("MaxPages");
        }

        if (response.Inner.IsSuccessStatusCode)
        {
            return response;
        }

        var failure = new HttpStatusException(request.Method, response.Url, response.Status, response.Inner.ReasonPhrase);
        if (_options.RetryStatusCodes.Contains((int)response.Status))
        {
            // Still a retryable status after the last retry (or one the method forbids retrying): a failure.
            _stats.Error(failure);
            CrawlLog.DownloadFailed(_logger, _spider.Name, UrlRedaction.Redact(response.Url), failure.Message);
        }
        else
        {
            CrawlLog.HttpError(_logger, _spider.Name, UrlRedaction.Redact(response.Url), (int)response.Status);
        }

        await FailRequestAsync(request, failure, response, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Waits out one request's backoff without holding a place in the global concurrency: other requests keep
    /// going meanwhile, and the run does not end, since the request is still counted in flight.
    /// </summary>
    private async Task WaitWithoutGlobalPlaceAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        _globalSlots.Release();
        _wake.Set();
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Taken back even when stopping, without a token: ProcessAsync releases it in its finally, and a place
            // released twice would break the count. Places free up as the requests in flight end, and the loop
            // starts nothing more once stopped, so this wait is short.
            await _globalSlots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task RunCallbackAsync(Request request, Response response, CancellationToken cancellationToken)
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

    private async Task FailRequestAsync(Request request, Exception error, Response? response, CancellationToken cancellationToken)
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
                return ScheduleAsync(child, cancellationToken);
            case null:
                return ValueTask.CompletedTask;
            default:
                return _items.AcceptAsync(result, source);
        }
    }

    /// <summary>Admits a request into the frontier, unless it is off-site, too deep, a duplicate or past a limit.</summary>
    private async ValueTask ScheduleAsync(Request request, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _limitReached) is not null)
        {
            return;
        }

        if (!_offsite.IsAllowed(request.Host))
        {
            DropRequest(request, "offsite");
            return;
        }

        if (_options.MaxDepth > 0 && request.Depth > _options.MaxDepth)
        {
            DropRequest(request, "depth");
            return;
        }

        // A request that opts out of filtering is still recorded, so that links back to it are not fetched again.
        var isNew = await _duplicates.TryAddAsync(RequestFingerprint.Compute(request, _options.FingerprintIncludesSession), cancellationToken).ConfigureAwait(false);
        if (!isNew && !request.DontFilter)
        {
            DropRequest(request, "duplicate");
            return;
        }

        await _frontier.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
        _wake.Set();
    }

    /// <summary>Counts what was decided while the callback read the page: a tree cut at the depth cap, links too long to follow.</summary>
    private void CountPageDecisions(Response response)
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

    private void DropRequest(Request request, string reason)
    {
        _stats.RequestDropped(reason);
        // Most pages drop a score of duplicate links: redact a URL only when the line will be written.
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            CrawlLog.RequestDropped(_logger, _spider.Name, UrlRedaction.Redact(request.Url), reason);
        }
    }

    private void OnItemLimit() => ReachLimit("MaxItems");

    private void ReachLimit(string limit)
    {
        if (Interlocked.CompareExchange(ref _limitReached, limit, null) is null)
        {
            CrawlLog.LimitReached(_logger, _spider.Name, limit);
            _wake.Set();
        }
    }

    private void Fail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _fatalError, error, null) is null)
        {
            _fatal.Cancel();
        }
    }

    /// <summary>Waits until every request in flight has finished.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (Volatile.Read(ref _inFlight) > 0)
            {
                await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The shutdown time ran out; flush what has been scraped anyway.
        }
    }

    private async Task ReportProgressAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.StatsInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                CrawlLog.Progress(_logger, _spider.Name, _stats.Snapshot().ToProgressLine());
            }
        }
        catch (OperationCanceledException)
        {
            // The crawl ended.
        }
    }
}
