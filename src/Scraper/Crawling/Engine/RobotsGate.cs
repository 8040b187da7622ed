using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Scraper.Crawling.Downloading;
using Scraper.Http;
using Scraper.Robots;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Fetches each origin's robots.txt, through the session that asks (so its cookies and headers go with it), and
/// answers whether a URL may be crawled and with what Crawl-delay (B4, RFC 9309 §2.3.1): a 4xx means no rules; a 5xx,
/// a 429 or a failed fetch means "disallow all" for <see cref="UnavailableFor"/>, logged, and then the file is fetched
/// again; a file that was read is kept for <see cref="KeptFor"/> (§2.4). At most <see cref="RobotsParser.MaxBytes"/>
/// of it is parsed. The fetch goes through the crawl's middlewares at the HTTP cache's level (between redirects
/// and robots), so a cached robots.txt is replayed like any page (as Scrapy sends it through its downloader) and a
/// crawl answered from the cache asks the site for nothing.
/// </summary>
internal sealed class RobotsGate
{
    /// <summary>How long an unreachable robots.txt blocks its site before it is fetched again.</summary>
    public static readonly TimeSpan UnavailableFor = TimeSpan.FromMinutes(5);

    /// <summary>How long a robots.txt that answered is used (RFC 9309 §2.4: not more than 24 hours).</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, Lazy<Task<Verdict>>> _byOrigin = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DownloadDelegate _fetch;

    public RobotsGate(ILoggerFactory loggerFactory, TimeProvider? timeProvider = null, IEnumerable<IDownloadMiddleware>? cacheLevel = null)
    {
        _logger = loggerFactory.CreateLogger("Scraper.Robots");
        _time = timeProvider ?? TimeProvider.System;
        DownloadDelegate fetch = static async (request, context, cancellationToken) =>
            new Response(request, await context.Session.GetAsync(request.Url.AbsoluteUri, cancellationToken).ConfigureAwait(false));
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
        while (true)
        {
            // One fetch per origin even when many requests ask at once. The fetch is not tied to the first caller's
            // token: a cancelled caller must not poison the answer for the others.
            var entry = _byOrigin.GetOrAdd(origin, key => NewFetch(key, context));
            var verdict = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (_time.GetUtcNow() < verdict.Until)
            {
                return (verdict.Rules.IsAllowed(url), verdict.Rules.CrawlDelay);
            }

            // Out of date: the first caller to see it starts the next fetch, the others wait for that one.
            _byOrigin.TryUpdate(origin, NewFetch(origin, context), entry);
        }
    }

    private Lazy<Task<Verdict>> NewFetch(string origin, DownloadContext context) =>
        new(() => FetchAsync(new Uri(origin + "/robots.txt"), context));

    private async Task<Verdict> FetchAsync(Uri robotsUrl, DownloadContext context)
    {
        var userAgent = context.Session.Headers["User-Agent"] is { Length: > 0 } agent ? agent : "*";
        try
        {
            var request = new Request(robotsUrl) { Session = context.Session.Name, ObeyRobots = false, DontFilter = true };
            var response = (await _fetch(request, context, CancellationToken.None).ConfigureAwait(false)).Inner;
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return Kept(RobotsParser.Parse(response.Body, userAgent, response.Url));
            }

            // 429 is a server asking for time, not saying there is no file: treated as a 5xx, as Google does.
            return status >= 500 || status == 429
                ? Unavailable(robotsUrl, $"status {status}")
                : Kept(RobotsRules.AllowAll);
        }
        catch (SessionException ex) when (ex is not HttpStatusException)
        {
            // Counted: a site that cannot be reached at all must not end as "Completed, 0 errors".
            context.Stats.Error(ex);
            return Unavailable(robotsUrl, ex.Message);
        }
    }

    private Verdict Kept(RobotsRules rules) => new(rules, _time.GetUtcNow() + KeptFor);

    private Verdict Unavailable(Uri robotsUrl, string reason)
    {
        RobotsLog.Unavailable(_logger, robotsUrl.AbsoluteUri, reason, UnavailableFor);
        return new Verdict(RobotsRules.DisallowAll, _time.GetUtcNow() + UnavailableFor);
    }

    private sealed record Verdict(RobotsRules Rules, DateTimeOffset Until);
}
