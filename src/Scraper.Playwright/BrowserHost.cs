using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>
/// The crawl's one browser, launched on the first rendered request, and one browser context per session (its own
/// cookies and storage, as a person's browser profile), created on the session's first rendered request and
/// reused while the crawl lives. Everything is closed with the handler.
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
    private bool _disposed;

    public BrowserHost(PlaywrightOptions options, string executable, ILogger logger)
    {
        _options = options;
        _executable = executable;
        _logger = logger;
    }

    /// <summary>Gets the browser context of a session, launching the browser and creating the context when needed.</summary>
    public async Task<SessionBrowserContext> ContextForAsync(Session session, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_contexts.TryGetValue(session, out var existing))
            {
                return existing;
            }

            var browser = _browser ??= await LaunchAsync().ConfigureAwait(false);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                UserAgent = session.Headers["User-Agent"],
                // A download is not a page: refused, so nothing is written to disk behind the crawl's back.
                AcceptDownloads = false,
            }).ConfigureAwait(false);
            var sessionContext = new SessionBrowserContext(context);
            _contexts[session] = sessionContext;
            return sessionContext;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IBrowser> LaunchAsync()
    {
        // The driver (Node and Playwright's package) comes with the NuGet package; the browser is the system's.
        _playwright ??= await Microsoft.Playwright.Playwright.CreateAsync().ConfigureAwait(false);
        try
        {
            var browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = _executable,
                Headless = _options.Headless,
                Args = [.. _options.Args],
            }).ConfigureAwait(false);
            Log.Launched(_logger, _executable, browser.Version);
            return browser;
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException(
                $"Chromium at {PlaywrightOptions.SectionName}:{nameof(PlaywrightOptions.ExecutablePath)} = '{_executable}' did not start: {ex.Message}", ex);
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
                await _browser.CloseAsync().ConfigureAwait(false);
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
    }
}
