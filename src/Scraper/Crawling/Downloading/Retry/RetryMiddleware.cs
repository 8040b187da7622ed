using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Scraper.Crawling.Engine;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.Retry;

/// <summary>
/// The engine's retries, by the one policy a session used alone follows too (<see cref="RetryPolicy"/> over
/// <see cref="CrawlOptions.Retry"/>): each attempt goes back through the politeness slot below; a backoff waits for
/// this request alone, outside the crawl's concurrency; Retry-After and 429 pause the domain; a Retry-After over
/// the cap drops the request. After the last attempt the answer (or the error) goes up as it is.
/// </summary>
internal sealed class RetryMiddleware(CrawlOptions options, DomainSlots slots, TimeProvider timeProvider, ILogger logger) : IDownloadMiddleware
{
    private readonly RetryPolicy _policy = new(options.Retry, timeProvider);

    public int Order => DownloadMiddlewareOrder.Retry;

    public async ValueTask<Response> InvokeAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            Response? response = null;
            Exception? error = null;
            try
            {
                response = await next(request, context, cancellationToken).ConfigureAwait(false);
                if (!_policy.IsRetryableStatus((int)response.Status))
                {
                    return response;
                }
            }
            catch (Exception ex) when (ex is SessionException or ArgumentException)
            {
                error = ex;
            }

            var status = (int?)response?.Status;
            var decision = _policy.Decide(RetryPolicy.MayRetry(request.Method, request.Retry), status, response?.Inner.Headers.RetryAfter, error, attempt);
            var url = UrlRedaction.Redact(request.Url);
            switch (decision.Action)
            {
                case RetryAction.GiveUp:
                    if (error is not null)
                    {
                        ExceptionDispatchInfo.Throw(error);
                    }

                    if (attempt > 0)
                    {
                        context.Stats.Count("retry/max_reached");
                    }

                    return response!;
                case RetryAction.DropRetryAfterTooLong:
                    CrawlLog.RetryAfterTooLong(logger, context.Spider.Name, url, decision.Delay.TotalSeconds, options.Retry.MaxRetryAfter.TotalSeconds);
                    throw new RequestDroppedException("retry-after too long", response);
                case RetryAction.RetryAfterDomainPause:
                    // The server asked for a pause: later sends to this domain wait in the slot, this one included.
                    var slot = slots.For(request.Url, context);
                    await slot.PauseUntilAsync(context.TimeProvider.GetUtcNow() + decision.Delay, cancellationToken).ConfigureAwait(false);
                    context.Stats.Retried(decision.Reason, request.Url, context.Session.Name);
                    Telemetry.ScraperTracing.Retrying(decision.Reason, attempt + 1, decision.Delay);
                    CrawlLog.RetryingDomainPaused(logger, context.Spider.Name, url, decision.Delay.TotalMilliseconds, attempt + 1, decision.Reason, slot.Key);
                    await _policy.NotifyAsync(request.Url, attempt, decision.Delay, status, error).ConfigureAwait(false);
                    break;
                default:
                    context.Stats.Retried(decision.Reason, request.Url, context.Session.Name);
                    Telemetry.ScraperTracing.Retrying(decision.Reason, attempt + 1, decision.Delay);
                    CrawlLog.Retrying(logger, context.Spider.Name, url, decision.Delay.TotalMilliseconds, attempt + 1, decision.Reason);
                    await _policy.NotifyAsync(request.Url, attempt, decision.Delay, status, error).ConfigureAwait(false);
                    await context.WaitOutsideConcurrencyAsync(decision.Delay, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }
}
