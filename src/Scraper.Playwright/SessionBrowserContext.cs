using Microsoft.Playwright;
using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>
/// A session's browser context and what its cookies were at the last sync with the session's jar, so that a
/// deletion on either side (a logout over HTTP, a script clearing <c>document.cookie</c>) reaches the other, while
/// a cookie a page in flight has just set is never mistaken for one the jar deleted.
/// </summary>
internal sealed class SessionBrowserContext : IAsyncDisposable
{
    private readonly SemaphoreSlim _sync = new(1, 1);

    // Cookies both sides held at the last sync, by the jar's identity (name, domain, path) → the browser's domain.
    private Dictionary<(string Name, string Domain, string Path), string> _synced = [];

    public SessionBrowserContext(IBrowserContext context) => Context = context;

    public IBrowserContext Context { get; }

    /// <summary>Before a page loads: the jar's cookies for its host into the context, and what the jar deleted out of it.</summary>
    public async Task PushAsync(Session session, Uri url, CancellationToken cancellationToken)
    {
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var jar = session.Cookies.GetAllCookies().Select(c => (c.Name, c.Domain, c.Path)).ToHashSet();
            foreach (var (key, browserDomain) in _synced)
            {
                if (!jar.Contains(key))
                {
                    await Context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = key.Name, Domain = browserDomain, Path = key.Path }).ConfigureAwait(false);
                }
            }

            var cookies = CookieSync.ToBrowser(session.Cookies, url);
            if (cookies.Count > 0)
            {
                await Context.AddCookiesAsync(cookies).ConfigureAwait(false);
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>After a page: the context's new and changed cookies into the jar, and what the page deleted out of it.</summary>
    public async Task PullAsync(Session session)
    {
        // Not cancellable: what the page did must reach the jar also when the crawl is stopping.
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            var browserCookies = await Context.CookiesAsync().ConfigureAwait(false);
            CookieSync.FromBrowser(session.Cookies, browserCookies);
            var now = browserCookies.ToDictionary(c => (c.Name, c.Domain.TrimStart('.').ToLowerInvariant(), string.IsNullOrEmpty(c.Path) ? "/" : c.Path), c => c.Domain);
            foreach (var key in _synced.Keys)
            {
                if (!now.ContainsKey(key))
                {
                    session.Cookies.Delete(key.Name, key.Domain, key.Path);
                }
            }

            _synced = now;
        }
        finally
        {
            _sync.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync().ConfigureAwait(false);
        _sync.Dispose();
    }
}
