using Microsoft.Extensions.Logging;
using Scraper.Crawling.Engine;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.Login;

/// <summary>
/// Logs the request's session in before its first request, and when the spider's logged-out detector fires on
/// the final answer (after redirects and retries), logs in again, once however many requests noticed, and
/// replays the request. A redirect to the login page that was dropped as a duplicate hop is checked too.
/// </summary>
internal sealed class LoginMiddleware(CrawlOptions options, ILogger logger) : IDownloadMiddleware
{
    public int Order => DownloadMiddlewareOrder.Login;

    public ValueTask<Response> InvokeAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken) =>
        // Without a logged-out detector nothing can follow the first login, so once it is done (or when the spider
        // has none) a request passes straight through, without a state machine of its own; Confirm only matters to
        // the detector's count of logins in a row.
        context.Spider.LoggedOut is null && context.Login.IsSettled
            ? next(request, context, cancellationToken)
            : LogInAndDownloadAsync(request, context, next, cancellationToken);

    private async ValueTask<Response> LogInAndDownloadAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        var login = context.Login;
        await login.EnsureLoggedInAsync(cancellationToken).ConfigureAwait(false);
        var detector = context.Spider.LoggedOut;
        while (true)
        {
            await login.WaitForLoginAsync(cancellationToken).ConfigureAwait(false);
            var generation = login.Generation;
            Response response;
            try
            {
                response = await next(request, context, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestDroppedException dropped) when (dropped.Response is { } answer && detector is not null && detector.IsLoggedOut(answer))
            {
                await ReloginAsync(request, context, detector, generation, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (detector is not null && !options.Retry.StatusCodes.Contains((int)response.Status) && detector.IsLoggedOut(response))
            {
                await ReloginAsync(request, context, detector, generation, cancellationToken).ConfigureAwait(false);
                continue;
            }

            login.Confirm();
            return response;
        }
    }

    private Task ReloginAsync(Request request, DownloadContext context, LoggedOutDetector detector, int generation, CancellationToken cancellationToken)
    {
        CrawlLog.LoggedOut(logger, context.Spider.Name, context.Session.Name, UrlRedaction.Redact(request.Url), detector.ToString());
        return context.Login.ReloginAsync(generation, cancellationToken);
    }
}
