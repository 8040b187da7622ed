using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Scraper.Tests.TestSites;

namespace Scraper.Tests.Hostile;

/// <summary>
/// A Kestrel site of good pages, each yielding one item, plus the faulty URLs of <see cref="HostileFaults"/>
/// linked from every one of them. It listens on IPv4 and IPv6 loopback and records every request it gets, so
/// a test can say what reached the wire.
/// </summary>
internal sealed class HostileSite : IAsyncDisposable
{
    /// <summary>The number of good pages besides the index.</summary>
    public const int GoodPages = 60;

    private readonly ConcurrentQueue<HostileHit> _hits = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly string _faultLinks;
    private KestrelSite? _kestrel;

    private HostileSite(IEnumerable<string> faultLinks)
    {
        _faultLinks = string.Concat(faultLinks.Select(href => $"<a href=\"{WebUtility.HtmlEncode(href)}\">fault</a>\n"));
    }

    /// <summary>Gets the index page, where the crawl starts.</summary>
    public Uri Index => Kestrel.Address;

    /// <summary>Gets the site's address on IPv6 loopback (another port).</summary>
    public Uri Ipv6Address => Kestrel.Addresses.Single(address => address.HostNameType == UriHostNameType.IPv6);

    /// <summary>Gets the URLs of the pages that must each yield exactly one item: the index and the good pages.</summary>
    public IEnumerable<Uri> GoodUrls => Enumerable.Range(0, GoodPages).Select(i => At($"/good/{i}")).Prepend(Index);

    /// <summary>Gets every request the site received, in arrival order.</summary>
    public IReadOnlyCollection<HostileHit> Hits => _hits;

    private KestrelSite Kestrel => _kestrel ?? throw new InvalidOperationException("The site is not started.");

    /// <summary>Starts a site whose pages all link to the given faulty URLs (relative to the site or absolute).</summary>
    /// <param name="faultLinks">The hrefs of the faults this test crawls into.</param>
    /// <returns>The running site.</returns>
    public static async Task<HostileSite> StartAsync(params string[] faultLinks)
    {
        var site = new HostileSite(faultLinks);
        site._kestrel = await KestrelSite.StartAsync(site.Map, tls: null, kestrel =>
        {
            kestrel.Listen(IPAddress.IPv6Loopback, 0);
            // Links of 10 KB are part of the suite; Kestrel's 8 KB request line would answer them 414.
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
        });
        return site;
    }

    public Uri At(string pathAndQuery) => new(Index, pathAndQuery);

    /// <summary>The requests that reached one path (as Kestrel decoded it).</summary>
    public IReadOnlyList<HostileHit> HitsOf(string path) => [.. _hits.Where(hit => hit.Path == path)];

    /// <summary>Counts one more request to a fault and returns its number (1 for the first).</summary>
    public int NextAttempt(string key) => _attempts.AddOrUpdate(key, 1, static (_, n) => n + 1);

    public ValueTask DisposeAsync() => _kestrel?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>A page with a title, a body and links: what every good page and most recovered faults answer.</summary>
    public static string Page(string title, string links = "") =>
        $"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{WebUtility.HtmlEncode(title)}</h1>\n{links}</body></html>";

    public static Task WriteHtmlAsync(HttpContext context, string html, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var cookies = context.Request.Headers.Cookie.ToString();
            _hits.Enqueue(new HostileHit(
                context.Request.Path.Value ?? "",
                context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "",
                context.Connection.LocalIpAddress?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
                TimeProvider.System.GetTimestamp(),
                cookies.Length == 0 ? 0 : cookies.Split(';').Length));
            await next(context);
        });
        var goodLinks = string.Concat(Enumerable.Range(0, GoodPages).Select(i => $"<a href=\"/good/{i}\">{i}</a>\n"));
        app.MapGet("/", context => WriteHtmlAsync(context, Page("Index", goodLinks + _faultLinks)));
        app.MapGet("/good/{n:int}", (HttpContext context, int n) =>
            WriteHtmlAsync(context, Page($"Good {n}", $"<a href=\"/good/{(n + 1) % GoodPages}\">next</a><a href=\"/\">home</a>\n{_faultLinks}")));
        HostileFaults.Map(app, this);
    }
}

/// <summary>One request as the hostile site received it.</summary>
/// <param name="Path">The decoded path.</param>
/// <param name="RawTarget">The request target exactly as sent on the wire.</param>
/// <param name="OverIpv6">Whether it came to the IPv6 listener.</param>
/// <param name="Timestamp">When it arrived (<see cref="TimeProvider.GetTimestamp"/> of the system clock).</param>
/// <param name="CookieCount">How many cookies its Cookie header carried.</param>
internal sealed record HostileHit(string Path, string RawTarget, bool OverIpv6, long Timestamp, int CookieCount);
