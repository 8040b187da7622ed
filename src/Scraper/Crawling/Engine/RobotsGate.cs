using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Scraper.Crawling.Downloading;
using Scraper.Http;
using Scraper.Robots;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Fetches each origin's robots.txt once per run, through the session that asks (so its cookies and headers go
/// with it), and answers whether a URL may be crawled and with what Crawl-delay. A 4xx means no rules; a 5xx or a
/// failed fetch means "disallow all" for this run, as RFC 9309 asks, and is logged. The fetch goes through the
/// crawl's middlewares that sit at the HTTP cache's level (between redirects and robots), so a cached robots.txt
/// is replayed like any page (as in Scrapy) and a crawl answered from the cache asks the site for nothing.
/// </summary>
internal sealed class RobotsGate
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsRules>>> _byOrigin = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger _logger;
    private readonly DownloadDelegate _fetch;

    public RobotsGate(ILoggerFactory loggerFactory, IEnumerable<IDownloadMiddleware>? cacheLevel = null)
    {
        _logger = loggerFactory.CreateLogger("Scraper.Robots");
        DownloadDelegate fetch = static async (request, context, cancellationToken) => new Response(request, await context.Session.GetAsync(request.Url.AbsoluteUri, cancellationToken: cancellationToken).ConfigureAwait(false));
        foreach (var middleware in (cacheLevel ?? []).Where(m => m.Order is >= DownloadMiddlewareOrder.HttpCache and < DownloadMiddlewareOrder.Robots).OrderBy(m => m.Order).Reverse())
        {
            var next = fetch;
            fetch = (request, context, cancellationToken) => middleware.InvokeAsync(request, context, next, cancellationToken);
        }

        _fetch = fetch;
    }

    public async Task<(bool Allowed, TimeSpan? CrawlDelay)> CheckAsync(Uri url, DownloadContext context, CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);

        // One fetch per origin even when many requests ask at once. The fetch is not tied to the first caller's
        // token: a cancelled caller must not poison the answer for the others.
        var rules = await _byOrigin.GetOrAdd(origin, key => new Lazy<Task<RobotsRules>>(() => FetchAsync(new Uri(key + "/robots.txt"), context)))
            .Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return (rules.IsAllowed(url), rules.CrawlDelay);
    }

    private async Task<RobotsRules> FetchAsync(Uri robotsUrl, DownloadContext context)
    {
        var userAgent = ProductToken(context.Session.Headers["User-Agent"]);
        try
        {
            var request = new Request(robotsUrl) { Session = context.Session.Name, ObeyRobots = false, DontFilter = true };
            var response = (await _fetch(request, context, CancellationToken.None).ConfigureAwait(false)).Inner;
            if (response.IsSuccessStatusCode)
            {
                return RobotsParser.Parse(response.Text, userAgent, response.Url);
            }

            if ((int)response.StatusCode >= 500)
            {
                RobotsLog.Unavailable(_logger, robotsUrl.AbsoluteUri, $"status {(int)response.StatusCode}");
                return RobotsRules.DisallowAll;
            }

            return RobotsRules.AllowAll;
        }
        catch (SessionException ex) when (ex is not HttpStatusException)
        {
            RobotsLog.Unavailable(_logger, robotsUrl.AbsoluteUri, ex.Message);
            return RobotsRules.DisallowAll;
        }
    }

    // "Scraper/1.0 (+https://...)" -> "Scraper": robots.txt groups name the product token only.
    private static string ProductToken(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) ? "*" : userAgent.Split('/', ' ')[0];
}
