using Microsoft.Playwright;
using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>
/// A session's browser context and what its cookies were at the last sync with the session's jar, so that a
/// deletion on either side (a logout over HTTP, a script clearing <c>document.cookie</c>) reaches the other, while
/// a cookie a page in flight has just set is never mistaken for one the jar deleted. Its calls are bounded through
/// its browser's <see cref="LiveBrowser"/>: a dead browser fails them at once.
/// </summary>
internal sealed class SessionBrowserContext : IAsyncDisposable
{
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Lock _pagesLock = new();
    private readonly TimeSpan _closeTimeout;
    private readonly TimeProvider _time;
    private int _openPages;
    private bool _retired;
    private int _closed;

    // Cookies both sides held at the last sync, by the jar's identity (name, domain, path) → the browser's domain.
    private Dictionary<(string Name, string Domain, string Path), string> _synced = [];

    public SessionBrowserContext(IBrowserContext context, LiveBrowser browser, SessionProxySettings? proxy, TimeSpan closeTimeout, TimeProvider time)
    {
        Context = context;
        Browser = browser;
        Proxy = proxy;
        _closeTimeout = closeTimeout;
        _time = time;
    }

    public IBrowserContext Context { get; }

    /// <summary>Gets the browser the context lives in.</summary>
    public LiveBrowser Browser { get; }

    /// <summary>Gets the proxy the context was created with; none when null.</summary>
    public SessionProxySettings? Proxy { get; }

    /// <summary>Gets a value indicating whether the context's browser is still running.</summary>
    public bool IsBrowserConnected => Browser.IsConnected;

    /// <summary>A request starts using the context (even a retired one: it was handed out before).</summary>
    public void Enter()
    {
        lock (_pagesLock)
        {
            _openPages++;
        }
    }

    /// <summary>A request is done with the context; the last one out of a retired context closes it.</summary>
    public Task LeaveAsync()
    {
        lock (_pagesLock)
        {
            return --_openPages == 0 && _retired ? CloseOnceAsync() : Task.CompletedTask;
        }
    }

    /// <summary>The session got a new context (it moved to another proxy): this one closes once its pages are done.</summary>
    public Task RetireAsync()
    {
        lock (_pagesLock)
        {
            _retired = true;
            return _openPages == 0 ? CloseOnceAsync() : Task.CompletedTask;
        }
    }

    /// <summary>Before a page loads: the jar's cookies for its host into the context, and what the jar deleted out of it.</summary>
    /// <param name="session">The request's session.</param>
    /// <param name="url">The page about to load.</param>
    /// <param name="timeout">The rendering's bound, which each call to the browser keeps within.</param>
    /// <param name="cancellationToken">Stops the sync.</param>
    public async Task PushAsync(Session session, Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var jar = session.Cookies.GetAllCookies().Select(c => (c.Name, c.Domain, c.Path)).ToHashSet();
            foreach (var (key, browserDomain) in _synced)
            {
                if (!jar.Contains(key))
                {
                    await Browser.CallAsync(Context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = key.Name, Domain = browserDomain, Path = key.Path }),
                        timeout, _time, cancellationToken).ConfigureAwait(false);
                }
            }

            var cookies = CookieSync.ToBrowser(session.Cookies, url);
            if (cookies.Count > 0)
            {
                await Browser.CallAsync(Context.AddCookiesAsync(cookies), timeout, _time, cancellationToken).ConfigureAwait(false);
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
        // Not cancellable: what the page did must reach the jar also when the crawl is stopping; bounded as a close is.
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            var browserCookies = await Browser.CallAsync(Context.CookiesAsync(), _closeTimeout, _time, CancellationToken.None).ConfigureAwait(false);
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
        lock (_pagesLock)
        {
            _retired = true;
        }

        await CloseOnceAsync().ConfigureAwait(false);
        _sync.Dispose();
    }

    // Called under the pages lock or after the last page: closes the context once, quietly when the browser is gone.
    private async Task CloseOnceAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        // A dead browser's context went with it (and its close may never be answered); a live one gets the close timeout.
        if (Browser.IsConnected)
        {
            await Browser.SettleAsync(Context.CloseAsync(), _closeTimeout, _time).ConfigureAwait(false);
        }
    }
}
