using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>
/// The crawl's one browser, launched on the first rendered request, and one browser context per session (its own
/// cookies and storage, as a person's browser profile), created on the session's first rendered request and
/// reused while the crawl lives. A browser that died (crashed, killed) is launched again by the next request that
/// needs it, with fresh contexts that get their cookies back from the sessions' jars. Everything is closed with
/// the handler.
/// </summary>
internal sealed partial class BrowserHost : IAsyncDisposable
{
    private readonly PlaywrightOptions _options;
    private readonly string _executable;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Session, SessionBrowserContext> _contexts = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowser? _lost;
    private InvalidOperationException? _launchError;
    private bool _disposed;

    public BrowserHost(PlaywrightOptions options, string executable, ILogger logger)
    {
        _options = options;
        _executable = executable;
        _logger = logger;
    }

    /// <summary>
    /// Gets the browser context of a session, launching the browser and creating the context when needed; says
    /// whether the browser had to be launched again because the last one died.
    /// </summary>
    public async Task<(SessionBrowserContext Context, bool Restarted)> ContextForAsync(Session session, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var restarted = false;
            if (_browser is not null && (!_browser.IsConnected || ReferenceEquals(_browser, Volatile.Read(ref _lost))))
            {
                // Its contexts went with it; the requests that were in them fail and are retried into new ones.
                Log.BrowserDied(_logger, _executable);
                await CloseQuietlyAsync(_browser).ConfigureAwait(false);
                _browser = null;
                _contexts.Clear();
                restarted = true;
            }

            var proxy = SessionProxySettings.For(session);
            if (_contexts.TryGetValue(session, out var existing))
            {
                if (existing.Proxy == proxy)
                {
                    return (existing, restarted);
                }

                // The session moved to another proxy: a context's proxy is fixed, so the session gets a new one
                // (its cookies come from the jar), and the old one closes once its pages are done.
                _contexts.Remove(session);
                await existing.RetireAsync().ConfigureAwait(false);
            }

            var browser = _browser ??= await LaunchAsync().ConfigureAwait(false);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                UserAgent = session.Headers["User-Agent"],
                // A download is not a page: each one is reported to the page's guards, which cancel it (and log
                // it). Refusing them outright would hide them from the log; Playwright's partial file goes with the browser.
                AcceptDownloads = true,
                Proxy = proxy?.ToPlaywright(),
            }).ConfigureAwait(false);
            var sessionContext = new SessionBrowserContext(context, proxy);
            _contexts[session] = sessionContext;
            return (sessionContext, restarted);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Launches the browser now, if it is not running, so a missing or unsupported Chromium shows before any page.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _browser ??= await LaunchAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// After an error in a context: tells whether its browser is gone, asking it when the error alone cannot say
    /// (a page closed under a rendering may be the first sign of a killed browser, before Playwright notices).
    /// A browser found gone is launched again by the next request.
    /// </summary>
    public async Task<bool> IsLostAsync(SessionBrowserContext context)
    {
        var browser = context.Context.Browser;
        if (browser is null)
        {
            return false;
        }

        var lost = !browser.IsConnected;
        if (!lost)
        {
            try
            {
                // The cheapest round trip to the browser itself.
                await context.Context.CookiesAsync().ConfigureAwait(false);
            }
            catch (PlaywrightException)
            {
                lost = true;
            }
        }

        if (lost)
        {
            Volatile.Write(ref _lost, browser);
        }

        return lost;
    }

    private async Task<IBrowser> LaunchAsync()
    {
        // A browser that cannot start (missing libraries, too old) will not start for the next page either: one
        // attempt, and every later request gets the same error at once.
        if (_launchError is not null)
        {
            throw new InvalidOperationException(_launchError.Message, _launchError);
        }

        try
        {
            return await TryLaunchAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            _launchError = ex;
            throw;
        }
    }

    private async Task<IBrowser> TryLaunchAsync()
    {
        // The driver (Node and Playwright's package) comes with the NuGet package; the browser is the system's.
        _playwright ??= await Microsoft.Playwright.Playwright.CreateAsync().ConfigureAwait(false);
        IBrowser browser;
        try
        {
            browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = _executable,
                Headless = _options.Headless,
                Args = [.. _options.Args],
            }).ConfigureAwait(false);
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException(
                $"Chromium at {PlaywrightOptions.SectionName}:{nameof(PlaywrightOptions.ExecutablePath)} = '{_executable}' did not start: {ex.Message}", ex);
        }

        if (ChromiumVersion.Check(browser.Version, _options.MinimumChromiumVersion) is { } unsupported)
        {
            await browser.CloseAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"Chromium at {PlaywrightOptions.SectionName}:{nameof(PlaywrightOptions.ExecutablePath)} = '{_executable}' is {unsupported}; "
                + $"set {PlaywrightOptions.SectionName}:{nameof(PlaywrightOptions.ExecutablePath)} to a newer Chromium.");
        }

        Log.Launched(_logger, _executable, browser.Version);
        return browser;
    }

    private static async Task CloseQuietlyAsync(IBrowser browser)
    {
        try
        {
            await browser.CloseAsync().ConfigureAwait(false);
        }
        catch (PlaywrightException)
        {
            // Already gone (killed, crashed): nothing left to close.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var context in _contexts.Values)
            {
                await context.DisposeAsync().ConfigureAwait(false);
            }

            _contexts.Clear();
            if (_browser is not null)
            {
                await CloseQuietlyAsync(_browser).ConfigureAwait(false);
            }

            _playwright?.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Launched Chromium {Version} from {Executable}")]
        public static partial void Launched(ILogger logger, string executable, string version);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Chromium from {Executable} died; launching it again for the next page")]
        public static partial void BrowserDied(ILogger logger, string executable);
    }
}
