using Scraper.Crawling.Engine;
using Scraper.Crawling.Scheduling;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.Redirects;

/// <summary>
/// Follows redirects in the crawl, hop by hop, as Scrapy re-schedules them: each hop is fingerprinted and a hop
/// already seen is dropped as a <c>duplicate</c> (so a page reached by a redirect and by a link is parsed once),
/// an off-site hop is dropped as <c>offsite</c>, and each hop goes through everything below (robots.txt,
/// retries, politeness). The session's rules for a hop hold as for its own redirects: the method and body
/// (R1, R2), which statuses (R3), the limit (R4), https→http (R7), fragments (R8), credentials (A2, A3). The
/// answer carries the request that started the chain and the hops.
/// </summary>
internal sealed class RedirectMiddleware(IDuplicateFilter duplicates, OffsiteFilter offsite, bool fingerprintIncludesSession) : IDownloadMiddleware
{
    public int Order => DownloadMiddlewareOrder.Redirects;

    public ValueTask<Response> InvokeAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken) =>
        request.FollowRedirects ? FollowAsync(request, context, next, cancellationToken) : next(request, context, cancellationToken);

    private async ValueTask<Response> FollowAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        var response = await next(request, context, cancellationToken).ConfigureAwait(false);
        if (!IsFollowed(response))
        {
            return response;
        }

        var options = context.Session.Options.Redirects;
        var hops = new List<RedirectHop>();
        var current = request;
        while (IsFollowed(response))
        {
            var target = RedirectPolicy.ResolveLocation(response.Inner.Headers.Location, current.Url)!;
            hops.Add(new RedirectHop(current.Method, current.Url, response.Status, target));
            Telemetry.ScraperTracing.Redirected((int)response.Status, target);
            if (hops.Count > options.MaxRedirects)
            {
                throw new TooManyRedirectsException(request.Url, options.MaxRedirects, hops);
            }

            RedirectPolicy.EnsureAllowed(current.Url, target, options);
            if (target == request.Url || hops.Exists(hop => hop.Url == target))
            {
                // A loop: the duplicate filter would drop it quietly, but a site that redirects in circles is broken.
                throw new RedirectRejectedException(current.Url, target, "it loops back to a page of the same redirect chain.");
            }

            current = NextHop(request, current, response.Status, target);
            if (!offsite.IsAllowed(current.Host))
            {
                throw new RequestDroppedException("offsite", response);
            }

            // Recorded like a scheduled request, so a later link to the same page is a duplicate too.
            if (!await duplicates.TryAddAsync(RequestFingerprint.Compute(current, fingerprintIncludesSession), cancellationToken).ConfigureAwait(false) && !request.DontFilter)
            {
                context.Stats.Count("redirect/duplicate_hop");
                throw new RequestDroppedException("duplicate", response);
            }

            response = await next(current, context, cancellationToken).ConfigureAwait(false);
        }

        return response.ForRedirectChain(request, hops);
    }

    private static bool IsFollowed(Response response) =>
        RedirectPolicy.IsFollowedRedirect(response.Status) && response.Inner.Headers.Location is not null;

    private static Request NextHop(Request original, Request current, System.Net.HttpStatusCode status, Uri target)
    {
        var method = RedirectPolicy.NextMethod(status, current.Method);
        var becomesGet = method != current.Method && method == HttpMethod.Get;
        return current with
        {
            Url = target,
            Method = method,
            Body = becomesGet ? null : current.Body,
            // The Location is the whole target: the request's own params were in the first URL already (P1).
            Params = [],
            Headers = becomesGet ? WithoutContentHeaders(current.Headers) : current.Headers,
            // Retries of a hop follow the method's default: a POST that became a GET may be retried.
            Retry = becomesGet ? null : current.Retry,
            RedirectedFrom = original.RedirectedFrom ?? original.Url,
        };
    }

    private static Dictionary<string, string?> WithoutContentHeaders(IReadOnlyDictionary<string, string?> headers)
    {
        var kept = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (!name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                kept[name] = value;
            }
        }

        return kept;
    }
}
