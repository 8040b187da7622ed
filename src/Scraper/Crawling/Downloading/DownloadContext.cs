using Scraper.Crawling.Engine;
using Scraper.Crawling.Stats;
using Scraper.Http;

namespace Scraper.Crawling.Downloading;

/// <summary>
/// What every step of one request's download shares: the spider, the request's session, the crawl's stats and
/// clock. One per request taken from the frontier, alive through its retries, redirect hops and re-logins.
/// </summary>
public sealed class DownloadContext
{
    private readonly SessionLogin _login;
    // Most downloads produce one response: it is kept in a field, a list only for the rare second one.
    private Response? _first;
    private List<Response>? _more;

    internal DownloadContext(Spider spider, SessionLogin login, CrawlStats stats, TimeProvider timeProvider, Func<TimeSpan, CancellationToken, Task> waitOutsideConcurrency)
    {
        Spider = spider;
        _login = login;
        Stats = stats;
        TimeProvider = timeProvider;
        WaitOutsideConcurrencyAsync = waitOutsideConcurrency;
    }

    /// <summary>Gets the spider being crawled.</summary>
    public Spider Spider { get; }

    /// <summary>Gets the session the request goes through (its <see cref="Request.Session"/>), with its cookies and auth.</summary>
    public Session Session => _login.Session;

    /// <summary>Gets the crawl's counters; a middleware counts its own decisions with <see cref="CrawlStats.Count"/>.</summary>
    public CrawlStats Stats { get; }

    /// <summary>Gets the crawl's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the login lifecycle of the request's session.</summary>
    internal SessionLogin Login => _login;

    /// <summary>Waits without holding a place in the crawl's global concurrency (a request's own backoff).</summary>
    internal Func<TimeSpan, CancellationToken, Task> WaitOutsideConcurrencyAsync { get; }

    /// <summary>Gets or sets where the request's callback and errback put their items (exactly-once runs only); null: straight to the sink.</summary>
    internal Engine.ItemBatch? Items { get; set; }

    /// <summary>
    /// Remembers a response a handler produced, so that the bytes of every response a middleware discards (a
    /// retried 503, a redirect, a logged-out page) go back to the crawl's memory budget when the download ends.
    /// </summary>
    internal void Track(Response response)
    {
        if (_first is null)
        {
            _first = response;
        }
        else
        {
            (_more ??= []).Add(response);
        }
    }

    /// <summary>Gives back the budget of every response the download produced; called once the callback is done.</summary>
    internal void ReleaseAll()
    {
        _first?.Inner.ReleaseBody();
        foreach (var response in _more ?? [])
        {
            response.Inner.ReleaseBody();
        }
    }
}
