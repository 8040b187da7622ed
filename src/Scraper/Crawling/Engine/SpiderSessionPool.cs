using Microsoft.Extensions.Logging;
using Scraper.Crawling.Downloading.Proxies;
using Scraper.Crawling.Stats;
using Scraper.Http;
using Scraper.Http.SessionStores;

namespace Scraper.Crawling.Engine;

/// <summary>
/// The sessions of one spider run, by name: each made from the crawl's session options plus the spider's own
/// configuration, with its login lifecycle. Closed (cookies saved) when the run ends.
/// </summary>
internal sealed class SpiderSessionPool : IDisposable
{
    private readonly Dictionary<string, SessionLogin> _logins = new(StringComparer.Ordinal);

    public SpiderSessionPool(Spider spider, CrawlOptions options, CrawlerServices services, CrawlStats stats)
    {
        var declared = new SpiderSessions();
        spider.ConfigureSessions(declared);
        // One budget for the whole run: the cap is on the crawl's memory, not on each session's.
        var budget = new BodyBudget(options.MaxBufferedBytes);
        if (options.Proxies.Enabled)
        {
            Proxies = new ProxyPool(options.Proxies, stats, services.TimeProvider, services.LoggerFactory.CreateLogger<ProxyPool>());
        }

        foreach (var name in declared.Names)
        {
            var sessionOptions = options.Session.Clone();
            sessionOptions.Name = name;
            if (services.SessionStore is { } store)
            {
                // A crawl that kept loose cookie files in that folder before it had a store takes them over.
                sessionOptions.Store = options.SessionStateDirectory is { } previous ? new ImportingSessionStore(store, previous) : store;
            }
            else if (options.SessionStateDirectory is { } folder)
            {
                sessionOptions.CookieFile = Path.Combine(folder, name + ".cookies.json");
            }

            declared.Configure(name, sessionOptions);
            sessionOptions.BodyBudget ??= budget;
            // Cookies and proxy stay together: the session keeps this proxy until the pool moves it.
            sessionOptions.Proxy.Rotating = Proxies?.Attach(name) ?? sessionOptions.Proxy.Rotating;
            var handler = services.HandlerFactory?.Invoke(name);
            var session = new Session(sessionOptions, handler, services.LoggerFactory.CreateLogger<Session>(), services.TimeProvider);
            _logins[name] = new SessionLogin(session, spider, stats, options.MaxLoginAttempts)
            {
                Shared = services.SharedLogin,
                Restored = new SavedSessionLog(sessionOptions.Store ?? (sessionOptions.CookieFile is { } file ? FileSessionStore.ForFile(file) : null), services.LoggerFactory.CreateLogger("Scraper.Crawler"), services.TimeProvider),
            };
        }
    }

    /// <summary>Gets the crawl's proxies (Scraper:Proxies), or null when none are configured.</summary>
    public ProxyPool? Proxies { get; }

    public SessionLogin For(string? name) =>
        _logins.TryGetValue(name ?? SpiderSessions.DefaultName, out var login)
            ? login
            : throw new InvalidOperationException($"The request names session '{name}', which the spider does not declare in ConfigureSessions.");

    public async Task CloseAsync()
    {
        foreach (var login in _logins.Values)
        {
            await login.Session.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var login in _logins.Values)
        {
            login.Dispose();
        }
    }
}
