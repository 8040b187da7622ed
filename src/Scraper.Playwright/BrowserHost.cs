using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>
/// The crawl's one browser, launched on the first rendered request, and one browser context per session (its own
/// cookies and storage, as a person's browser profile), created on the session's first rendered request and
/// reused while the crawl lives. A browser that died (crashed, killed) is launched again by the next request that
/// needs it, with fresh contexts that get their cookies back from the sessions' jars. Everything is closed with
/// the handler. Every call on a browser goes through its <see cref="LiveBrowser"/>, so a dead one holds nothing up:
/// the request in it fails at once and is retried, and a close waits at most <see cref="PlaywrightOptions.CloseTimeout"/>.
/// </summary>
internal sealed partial class BrowserHost : IAsyncDisposable
{
    private readonly PlaywrightOptions _options;
    private readonly string _executable;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly AbandonedCalls _abandoned = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Session, SessionBrowserContext> _contexts = [];
    private IPlaywright? _playwright;
    private LiveBrowser? _browser;
    private InvalidOperationException? _launchError;
    private bool _disposed;

    public BrowserHost(PlaywrightOptions options, string executable, ILogger logger, TimeProvider? time = null)
    {
        _options = options;
        _executable = executable;
        _logger = logger;
        _time = time ?? TimeProvider.System;
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
            if (_browser is { IsConnected: false })
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
            // Bounded like a rendering: a browser that dies now fails this request at once (it is retried).
            var context = await browser.CallAsync(browser.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                UserAgent = session.Headers["User-Agent"],
                // A download is not a page: each one is reported to the page's guards, which cancel it (and log
                // it). Refusing them outright would hide them from the log; Playwright's partial file goes with the browser.
                AcceptDownloads = true,
                Proxy = proxy?.ToPlaywright(),
            }), _options.DefaultTimeout, _time, cancellationToken).ConfigureAwait(false);
            var sessionContext = new SessionBrowserContext(context, browser, proxy, _options.CloseTimeout, _time);
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
        var browser = context.Browser;
        if (!browser.IsConnected)
        {
            return true;
        }

        try
        {
            // The cheapest round trip to the browser itself; a browser that does not answer it in time is as good as dead.
            await browser.CallAsync(context.Context.CookiesAsync(), _options.CloseTimeout, _time, CancellationToken.None).ConfigureAwait(false);
            return false;
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            // Every call still waiting on it fails now, and the next request launches a new one.
            browser.MarkLost();
            return true;
        }
    }

    private async Task<LiveBrowser> LaunchAsync()
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

    private async Task<LiveBrowser> TryLaunchAsync()
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
        return new LiveBrowser(browser, _abandoned);
    }

    private async Task CloseQuietlyAsync(LiveBrowser browser)
    {
        // A dead browser's close may never be answered: bounded, so neither a restart nor the end waits on it.
        if (!await browser.CloseAsync(_options.CloseTimeout, _time).ConfigureAwait(false))
        {
            Log.CloseTimedOut(_logger, "the browser", _options.CloseTimeout.TotalSeconds);
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

            // The driver goes with it, and fails whatever it never answered: the calls given up on end now.
            _playwright?.Dispose();
            await _abandoned.DrainAsync(_options.CloseTimeout, _time).ConfigureAwait(false);
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

        [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Closing {What} took longer than {Seconds} s: left to end with the browser")]
        public static partial void CloseTimedOut(ILogger logger, string what, double seconds);
    }
}
