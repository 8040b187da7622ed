using Scraper.Http;

namespace Scraper.Crawling.Engine;

/// <summary>
/// How a crawl request becomes one exchange of its session: every per-request setting carried over (headers,
/// params, cookies, auth, timeout, size limit), nothing lost.
/// </summary>
internal static class CrawlRequestMapping
{
    public static SessionRequest ToSessionRequest(Request request)
    {
        var sessionRequest = new SessionRequest(request.Method, request.Url)
        {
            Content = request.Body,
            Auth = request.Auth,
            Timeout = request.Timeout,
            MaxResponseSize = request.MaxResponseSize,
            // The download middlewares follow redirects (each hop through the duplicate filter) and retry
            // (pausing only what they must): the session does one exchange.
            FollowRedirects = false,
            Retry = false,
            // The body's bytes stay in the crawl's budget until the callback is done with them.
            HoldBodyReservation = true,
            // Per-request auth and cookies, like the session's, stay with the origin the chain started at (A2, A3, C8).
            RedirectedFrom = request.RedirectedFrom,
        };

        // Most requests carry none of these: the Count checks spare them an enumerator each.
        if (request.Headers.Count > 0)
        {
            foreach (var (name, value) in request.Headers)
            {
                sessionRequest.Headers[name] = value;
            }
        }

        if (request.Params.Count > 0)
        {
            foreach (var parameter in request.Params)
            {
                sessionRequest.Params.Add(parameter);
            }
        }

        if (request.Cookies.Count > 0)
        {
            foreach (var (name, value) in request.Cookies)
            {
                sessionRequest.Cookies[name] = value;
            }
        }

        return sessionRequest;
    }
}
