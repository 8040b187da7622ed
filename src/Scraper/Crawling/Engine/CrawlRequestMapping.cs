using Scraper.Http;

namespace Scraper.Crawling.Engine;

/// <summary>How a crawl request becomes one exchange of its session.</summary>
internal static class CrawlRequestMapping
{
    public static SessionRequest ToSessionRequest(Request request)
    {
        var sessionRequest = new SessionRequest(request.Method, request.Url)
        {
            Content = request.Body,
            // The download middlewares follow redirects (each hop through the duplicate filter) and retry
            // (pausing only what they must): the session does one exchange.
            FollowRedirects = false,
            Retry = false,
            // The body's bytes stay in the crawl's budget until the callback is done with them.
            HoldBodyReservation = true,
            RedirectedFrom = request.RedirectedFrom,
        };
        foreach (var (name, value) in request.Headers)
        {
            sessionRequest.Headers[name] = value;
        }

        return sessionRequest;
    }
}
