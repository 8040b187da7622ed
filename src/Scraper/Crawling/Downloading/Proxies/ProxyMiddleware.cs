using System.Globalization;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.Proxies;

/// <summary>
/// Watches each attempt through a session's proxy (at <see cref="DownloadMiddlewareOrder.Proxy"/>, inside the
/// politeness slot and below redirects, so every attempt and every hop counts): a connection error, a timeout, a
/// 407 or a block status counts against the proxy, anything else clears its record. Before an attempt it makes
/// sure the session's proxy is live (moving the session when it is not); while every proxy rests it waits for
/// the first one back, and when every proxy is retired for good the request fails without being sent.
/// </summary>
internal sealed class ProxyMiddleware(ProxyPool pool) : IDownloadMiddleware
{
    public int Order => DownloadMiddlewareOrder.Proxy;

    public async ValueTask<Response> InvokeAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        if (pool.For(context.Session.Name) is not { } proxy)
        {
            return await next(request, context, cancellationToken).ConfigureAwait(false);
        }

        var used = await ReadyAsync(proxy, request, context, cancellationToken).ConfigureAwait(false);
        Response response;
        try
        {
            response = await next(request, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SessionConnectionException or SessionTimeoutException)
        {
            pool.Failed(used, ex.GetType().Name, blocked: false);
            throw;
        }

        var status = (int)response.Status;
        if (pool.IsFailureStatus(status))
        {
            pool.Failed(used, status.ToString(CultureInfo.InvariantCulture), blocked: status != 407);
        }
        else
        {
            pool.Succeeded(used);
        }

        return response;
    }

    private async ValueTask<ProxyEndpoint> ReadyAsync(SessionProxy proxy, Request request, DownloadContext context, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (pool.Ready(proxy, out var wait) is { } endpoint)
            {
                return endpoint;
            }

            if (wait is not { } delay)
            {
                context.Stats.Count("proxy/exhausted");
                throw new ProxiesExhaustedException(request.Url, pool.Count);
            }

            // Every proxy rests: wait for the first one back rather than fail requests that will work soon.
            await Task.Delay(delay, context.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
