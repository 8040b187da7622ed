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
using Scraper.Telemetry;

namespace Scraper.Crawling.Engine;

/// <summary>
/// The crawl's download step: the pipeline of built-in and registered middlewares over the handlers, and what its
/// outcome means for the request: a 2xx response goes on to the callback; a drop, a failure or another status is
/// counted, logged and handed to the errback.
/// </summary>
internal sealed class RequestDownloader
{
    private readonly Spider _spider;
    private readonly CrawlOptions _options;
    private readonly CrawlStats _stats;
    private readonly ILogger _logger;
    private readonly DownloadPipeline _pipeline;
    private readonly RequestScheduler _scheduler;
    private readonly CallbackRunner _callbacks;
    private readonly Action<string> _reachLimit;

    public RequestDownloader(
        Spider spider,
        CrawlOptions options,
        CrawlerServices services,
        CrawlStats stats,
        ILogger logger,
        SpiderSessionPool sessions,
        DomainSlots slots,
        IDuplicateFilter duplicates,
        OffsiteFilter offsite,
        RequestScheduler scheduler,
        CallbackRunner callbacks,
        Action<string> reachLimit)
    {
        _spider = spider;
        _options = options;
        _stats = stats;
        _logger = logger;
        _scheduler = scheduler;
        _callbacks = callbacks;
        _reachLimit = reachLimit;
        _pipeline = new DownloadPipeline(
            BuiltInMiddlewares(spider, options, services, logger, sessions, slots, duplicates, offsite).Concat(services.DownloadMiddlewares),
            [.. services.DownloadHandlers, new HttpDownloadHandler()]);
    }

    /// <summary>
    /// Runs the request through the download pipeline; returns the 2xx response for the callback, or null when
    /// the request was dropped or failed (counted, logged, and handed to the errback).
    /// </summary>
    public async Task<Response?> DownloadAsync(Request request, DownloadContext context, CancellationToken cancellationToken)
    {
        Response response;
        try
        {
            // Traced through a method of its own, so that without a listener no state machine is added per request.
            response = await (ScraperTracing.Source.HasListeners()
                ? DownloadTracedAsync(request, context, cancellationToken)
                : _pipeline.DownloadAsync(request, context, cancellationToken)).ConfigureAwait(false);
        }
        catch (RequestDroppedException dropped)
        {
            _scheduler.DropRequest(request, dropped.Reason);
            await _callbacks.FailRequestAsync(request, dropped, dropped.Response, context.Items, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is SessionException or ArgumentException)
        {
            // A session error after the retries, or the request's own fault (an invalid header): failed for good.
            _stats.Error(ex, request.Url);
            CrawlLog.DownloadFailed(_logger, _spider.Name, UrlRedaction.Redact(request.Url), ex.Message);
            await _callbacks.FailRequestAsync(request, ex, null, context.Items, cancellationToken).ConfigureAwait(false);
            return null;
        }

        _stats.PageReceived(request.Depth);
        if (_options.MaxPages > 0 && _stats.Responses >= _options.MaxPages)
        {
            _reachLimit("MaxPages");
        }

        if (response.Inner.IsSuccessStatusCode)
        {
            return response;
        }

        var failure = new HttpStatusException(request.Method, response.Url, response.Status, response.Inner.ReasonPhrase);
        if (_options.Retry.StatusCodes.Contains((int)response.Status))
        {
            // Still a retryable status after the last retry (or one the method forbids retrying): a failure.
            _stats.Error(failure, response.Url);
            CrawlLog.DownloadFailed(_logger, _spider.Name, UrlRedaction.Redact(response.Url), failure.Message);
        }
        else
        {
            CrawlLog.HttpError(_logger, _spider.Name, UrlRedaction.Redact(response.Url), (int)response.Status);
        }

        await _callbacks.FailRequestAsync(request, failure, response, context.Items, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async ValueTask<Response> DownloadTracedAsync(Request request, DownloadContext context, CancellationToken cancellationToken)
    {
        using var activity = ScraperTracing.StartDownload();
        try
        {
            var response = await _pipeline.DownloadAsync(request, context, cancellationToken).ConfigureAwait(false);
            ScraperTracing.Answered(activity, (int)response.Status);
            return response;
        }
        catch (RequestDroppedException dropped)
        {
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag("scraper.drop.reason", dropped.Reason);
            }

            throw;
        }
        catch (Exception ex)
        {
            ScraperTracing.Failed(activity, ex);
            throw;
        }
    }

    private static IEnumerable<IDownloadMiddleware> BuiltInMiddlewares(Spider spider, CrawlOptions options, CrawlerServices services, ILogger logger, SpiderSessionPool sessions, DomainSlots slots, IDuplicateFilter duplicates, OffsiteFilter offsite)
    {
        // Steps with nothing to do for this spider are left out: each costs a state machine per request.
        if (spider.HasLogin || spider.LoggedOut is not null)
        {
            yield return new LoginMiddleware(options, logger);
        }

        yield return new RedirectMiddleware(duplicates, offsite, options.FingerprintIncludesSession);
        if (options.ObeyRobotsTxt)
        {
            yield return new RobotsMiddleware(new RobotsGate(services.LoggerFactory, services.TimeProvider, services.DownloadMiddlewares), slots);
        }

        if (options.Retry.MaxRetries > 0)
        {
            yield return new RetryMiddleware(options, slots, services.TimeProvider, logger);
        }

        yield return new PolitenessMiddleware(slots);
        if (sessions.Proxies is { } proxies)
        {
            yield return new ProxyMiddleware(proxies);
        }
    }
}
