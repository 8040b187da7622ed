using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Scraper.Http;
using Scraper.Robots;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Fetches each origin's robots.txt once per run, through the session that asks (so its cookies and headers go
/// with it), and answers whether a URL may be crawled and with what Crawl-delay. A 4xx means no rules; a 5xx or a
/// failed fetch means "disallow all" for this run, as RFC 9309 asks, and is logged.
/// </summary>
internal sealed class RobotsGate
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsRules>>> _byOrigin = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger _logger;

    public RobotsGate(ILoggerFactory loggerFactory) => _logger = loggerFactory.CreateLogger("Scraper.Robots");

    public async Task<(bool Allowed, TimeSpan? CrawlDelay)> CheckAsync(Uri url, Session session, CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);

        // One fetch per origin even when many requests ask at once. The fetch is not tied to the first caller's
        // token: a cancelled caller must not poison the answer for the others.
        var rules = await _byOrigin.GetOrAdd(origin, key => new Lazy<Task<RobotsRules>>(() => FetchAsync(new Uri(key + "/robots.txt"), session)))
            .Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return (rules.IsAllowed(url), rules.CrawlDelay);
    }

    private async Task<RobotsRules> FetchAsync(Uri robotsUrl, Session session)
    {
        var userAgent = ProductToken(session.Headers["User-Agent"]);
        try
        {
            var response = await session.GetAsync(robotsUrl.AbsoluteUri).ConfigureAwait(false);
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
