using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Downloading.Proxies;
using Scraper.Crawling.Engine;
using Scraper.Crawling.Stats;
using Scraper.Http;
using Scraper.Tests.TestSites;
using Response = Scraper.Crawling.Response;
using SessionOptions = Scraper.Http.SessionOptions;

namespace Scraper.Tests.Proxies;

/// <summary>
/// The proxy pool and middleware without the engine: named sessions built as the crawl builds them (their
/// handler given the session's rotating proxy), each request sent through the middleware to the session.
/// </summary>
internal sealed class ProxyRig : IAsyncDisposable
{
    private readonly Dictionary<string, (Session Session, SessionLogin Login)> _sessions = new(StringComparer.Ordinal);
    private readonly ProxyMiddleware _middleware;
    private readonly TimeProvider _time;

    public ProxyRig(ProxyRotationOptions options, TimeProvider? time, params string[] sessions)
    {
        _time = time ?? TimeProvider.System;
        Stats = new CrawlStats("proxies", _time);
        Pool = new ProxyPool(options, Stats, _time, new FakeLogger(Logs));
        _middleware = new ProxyMiddleware(Pool);
        foreach (var name in sessions)
        {
            var sessionOptions = new SessionOptions { Name = name };
            sessionOptions.Proxy.Rotating = Pool.Attach(name);
            var session = new Session(sessionOptions, handler: null, new FakeLogger(Logs), _time);
            _sessions[name] = (session, new SessionLogin(session, new NoSpider(), Stats, maxAttempts: 3));
        }
    }

    public FakeLogCollector Logs { get; } = new();

    public CrawlStats Stats { get; }

    public ProxyPool Pool { get; }

    public string LogText => string.Join('\n', Logs.GetSnapshot().Select(record => record.Message + " " + record.Exception));

    /// <summary>A site that says which proxy a request came through (its Via) and which cookie it carried; /set sets one.</summary>
    public static Task<KestrelSite> StartSiteAsync() => KestrelSite.StartAsync(app =>
    {
        app.MapGet("/set", (HttpContext context) =>
        {
            context.Response.Cookies.Append("sid", "s-" + context.Request.Query["who"]);
            return Results.Text("set");
        });
        app.MapGet("/{**path}", (HttpContext context) => Results.Text($"via={context.Request.Headers.Via} cookie={context.Request.Headers.Cookie}"));
    });

    public static ProxyRotationOptions Options(int maxFailures, params ForwardProxy[] proxies)
    {
        var options = new ProxyRotationOptions { MaxFailures = maxFailures };
        foreach (var proxy in proxies)
        {
            options.Urls.Add(proxy.Url);
        }

        return options;
    }

    public Session Session(string name) => _sessions[name].Session;

    public long Count(string key) => Stats.Snapshot().Events.GetValueOrDefault(key);

    /// <summary>Sends a GET through the proxy middleware and the session, as the download pipeline does.</summary>
    public async Task<Response> GetAsync(string session, Uri url, CancellationToken cancellationToken = default)
    {
        var (_, login) = _sessions[session];
        var context = new DownloadContext(new NoSpider(), login, Stats, _time, static (_, _) => Task.CompletedTask);
        return await _middleware.InvokeAsync(new Request(url) { Session = session }, context, SendAsync, cancellationToken);
    }

    public async Task<string> GetTextAsync(string session, Uri url) => (await GetAsync(session, url)).Text;

    public async ValueTask DisposeAsync()
    {
        foreach (var (session, login) in _sessions.Values)
        {
            await session.DisposeAsync();
            login.Dispose();
        }
    }

    private static async ValueTask<Response> SendAsync(Request request, DownloadContext context, CancellationToken cancellationToken) =>
        new(request, await context.Session.SendAsync(new SessionRequest(request.Method, request.Url) { Retry = false }, cancellationToken));

    private sealed class NoSpider : Spider
    {
        public override string Name => "proxies";
    }
}
