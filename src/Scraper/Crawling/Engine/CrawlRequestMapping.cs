using Scraper.Http;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Turns a crawl <see cref="Request"/> into the <see cref="SessionRequest"/> its session sends: every per-request
/// setting carried over, nothing lost. One place, so the HTTP download handler can take it as it is.
/// </summary>
internal static class CrawlRequestMapping
{
    public static SessionRequest ToSessionRequest(Request request)
    {
        var sessionRequest = new SessionRequest(request.Method, request.Url)
        {
            Content = request.Body,
            FollowRedirects = request.FollowRedirects,
            Auth = request.Auth,
            Timeout = request.Timeout,
            MaxResponseSize = request.MaxResponseSize,
            // The engine retries itself, pausing only the failing domain; the session must not wait inside a slot.
            Retry = false,
            // The body's bytes stay in the crawl's budget until the callback is done with them.
            HoldBodyReservation = true,
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
