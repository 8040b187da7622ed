using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Scraper.Crawling;
using Scraper.Crawling.Downloading;
using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>
/// A download handler that renders the requests carrying <see cref="RenderOptions"/> in headless Chromium, through
/// the request's own session: its cookies go into the session's browser context before the page loads and the
/// page's cookies come back into the jar after, and its default headers and User-Agent are the browser's. The
/// callback gets a <see cref="Response"/> whose document is the rendered DOM, with the final URL, status and
/// headers of the main document. One browser for the handler's life (one crawl), at most
/// <see cref="PlaywrightOptions.MaxPages"/> pages open at once; dispose it to close the browser.
/// </summary>
public sealed partial class PlaywrightDownloadHandler : IDownloadHandler, IAsyncDisposable
{
    private readonly PlaywrightOptions _options;
    private readonly IReadOnlySet<string> _blocked;
    private readonly SemaphoreSlim _pages;
    private readonly BrowserHost _host;
    private readonly ILogger _logger;

    /// <summary>Creates the handler and checks its settings; the browser starts with the first rendered request.</summary>
    /// <param name="options">The settings; defaults when null.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="InvalidOperationException">A setting is invalid or Chromium is missing; the message names the setting.</exception>
    public PlaywrightDownloadHandler(PlaywrightOptions? options = null, ILogger<PlaywrightDownloadHandler>? logger = null)
    {
        _options = options ?? new PlaywrightOptions();
        var executable = _options.Validate();
        _blocked = new HashSet<string>(_options.BlockedResourceTypes, StringComparer.OrdinalIgnoreCase);
        _pages = new SemaphoreSlim(_options.MaxPages, _options.MaxPages);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _host = new BrowserHost(_options, executable, _logger);
    }

    /// <summary>
    /// Launches the browser now and checks it (found, starts, a supported version), instead of on the first
    /// rendered request: call it before a crawl so a broken Chromium stops the program at start. The hosting
    /// extension does it when the host starts.
    /// </summary>
    /// <param name="cancellationToken">Cancels the launch.</param>
    /// <returns>A task that completes when the browser runs.</returns>
    /// <exception cref="InvalidOperationException">Chromium did not start or is older than <see cref="PlaywrightOptions.MinimumChromiumVersion"/>; the message names <see cref="PlaywrightOptions.ExecutablePath"/>.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _host.StartAsync(cancellationToken);

    /// <inheritdoc/>
    public bool CanHandle(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Features.Get<RenderOptions>() is not null;
    }

    /// <inheritdoc/>
    public async ValueTask<Response> DownloadAsync(Request request, DownloadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var render = request.Features.Get<RenderOptions>() ?? RenderOptions.Default;
        if (render.Pdf && !_options.Headless)
        {
            // The request's own fault, so it fails alone and is not retried.
            throw new ArgumentException(
                $"{nameof(RenderOptions)}.{nameof(RenderOptions.Pdf)} needs a headless browser: Chromium prints only then ({PlaywrightOptions.SectionName}:{nameof(PlaywrightOptions.Headless)} is false).", nameof(request));
        }

        var timeout = render.Timeout ?? _options.DefaultTimeout;
        // The page's place first, then the context: a request that waited while the browser died gets the new one.
        await _pages.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SessionBrowserContext sessionContext;
            bool restarted;
            try
            {
                (sessionContext, restarted) = await _host.ContextForAsync(context.Session, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
            {
                // Chromium would not start (or is too old): each rendered request fails with the reason, naming the setting.
                throw new RenderFailedException(request.Url, ex.Message, ex);
            }
            catch (BrowserDisconnectedException ex)
            {
                // It died while the context was being made: the next attempt launches a new one.
                throw BrowserGone(request.Url, "the browser died", ex);
            }
            catch (TimeoutException ex)
            {
                context.Stats.Count("playwright/timeouts");
                throw new SessionTimeoutException(request.Url, timeout, ex);
            }

            if (restarted)
            {
                context.Stats.Count("playwright/browser_restarts");
            }

            sessionContext.Enter();
            try
            {
                return await RenderInContextAsync(request, render, timeout, sessionContext, context, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await sessionContext.LeaveAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _pages.Release();
        }
    }

    private async Task<Response> RenderInContextAsync(Request request, RenderOptions render, TimeSpan timeout, SessionBrowserContext sessionContext, DownloadContext context, CancellationToken cancellationToken)
    {
        var session = context.Session;
        try
        {
            await sessionContext.PushAsync(session, request.Url, timeout, cancellationToken).ConfigureAwait(false);
            RenderedPage rendered;
            try
            {
                rendered = await RenderWithinAsync(sessionContext, request, render, timeout, context, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Also after a timeout or a failure: what the page set so far is the session's. A dead browser has nothing to give.
                if (sessionContext.IsBrowserConnected)
                {
                    await sessionContext.PullAsync(session).ConfigureAwait(false);
                }
            }

            context.Stats.Count("playwright/pages");
            return RenderedResponse.Create(request, rendered, session);
        }
        catch (SessionTimeoutException)
        {
            context.Stats.Count("playwright/timeouts");
            throw;
        }
        catch (TimeoutException ex)
        {
            // The browser did not answer the cookie sync within its bound.
            context.Stats.Count("playwright/timeouts");
            throw new SessionTimeoutException(request.Url, timeout, ex);
        }
        catch (PlaywrightException ex)
        {
            if (await _host.IsLostAsync(sessionContext).ConfigureAwait(false))
            {
                throw BrowserGone(request.Url, "the browser died", ex);
            }

            // The cookie sync or the context failed: the request's failure, not the crawl's.
            throw new RenderFailedException(request.Url, $"Rendering {UrlRedaction.Redact(request.Url)} failed: {FirstLine(ex.Message)}", ex);
        }
    }

    private async Task<RenderedPage> RenderWithinAsync(SessionBrowserContext sessionContext, Request request, RenderOptions render, TimeSpan timeout, DownloadContext context, CancellationToken cancellationToken)
    {
        var browser = sessionContext.Browser;
        IPage page;
        try
        {
            // Bounded, and failed at once when the browser dies: Playwright's driver never answers a new page whose
            // browser died while the page was opening.
            page = await browser.CallAsync(sessionContext.Context.NewPageAsync(), timeout, context.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (BrowserDisconnectedException ex)
        {
            throw BrowserGone(request.Url, "the browser died", ex);
        }
        catch (TimeoutException ex)
        {
            Log.TimedOut(_logger, UrlRedaction.Redact(request.Url), timeout.TotalSeconds);
            throw new SessionTimeoutException(request.Url, timeout, ex);
        }

        var guards = new PageGuards(page, request.Url, context.Spider.AllowedDomains, context.Stats, _logger);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<RenderedPage>? rendering = null;
        // The crawl's scraper.browser.pages.open gauge: one up per page, one down in the finally once it is closed.
        context.Stats.BrowserPageOpened();
        try
        {
            // Playwright reports its own timeouts as TimeoutException too. Every single wait is bounded by the whole budget; the outer bound below covers the sum.
            page.SetDefaultTimeout((float)timeout.TotalMilliseconds);
            page.SetDefaultNavigationTimeout((float)timeout.TotalMilliseconds);
            await browser.CallAsync(page.SetExtraHTTPHeadersAsync(RenderedResponse.ForwardedHeaders(context.Session)), timeout, context.TimeProvider, cancellationToken).ConfigureAwait(false);
            rendering = PageRenderer.RenderAsync(page, request.Url, render, render.BlockedResourceTypes ?? _blocked, guards, context.TimeProvider, stop.Token);
            // A crash, an offsite navigation or the browser's death ends the rendering at once, whatever it was waiting for.
            await Task.WhenAny(rendering, guards.Tripped, browser.Gone).WaitAsync(timeout, context.TimeProvider, cancellationToken).ConfigureAwait(false);
            if (guards.Tripped.IsCompleted)
            {
                throw await guards.Tripped.ConfigureAwait(false);
            }

            if (!rendering.IsCompleted)
            {
                throw new BrowserDisconnectedException();
            }

            return await rendering.ConfigureAwait(false);
        }
        catch (BrowserDisconnectedException ex)
        {
            throw BrowserGone(request.Url, "the browser died", ex);
        }
        catch (TimeoutException ex)
        {
            Log.TimedOut(_logger, UrlRedaction.Redact(request.Url), timeout.TotalSeconds);
            throw new SessionTimeoutException(request.Url, timeout, ex);
        }
        catch (PlaywrightException ex) when (guards.IsCrash(ex))
        {
            // The renderer died (out of memory, a browser bug): worth another attempt in a new renderer, by the retry policy.
            context.Stats.Count("playwright/renderer_crashes");
            throw BrowserGone(request.Url, "its renderer crashed", ex);
        }
        catch (PlaywrightException) when (guards.Tripped.IsCompleted)
        {
            // The navigation off the allowed domains was aborted, and the page's wait for it failed: the drop is what happened.
            throw await guards.Tripped.ConfigureAwait(false);
        }
        catch (PlaywrightException ex) when (IsDownload(ex))
        {
            // The guards counted and cancelled the download itself.
            throw new RenderFailedException(request.Url, $"{UrlRedaction.Redact(request.Url)} is a download, not a page: not rendered.", ex);
        }
        catch (PlaywrightException ex) when (!ex.Message.Contains("has been closed", StringComparison.Ordinal))
        {
            // (A page closed under the rendering, not by it, goes up as it is: its browser may have died.)
            throw new RenderFailedException(request.Url, $"Rendering {UrlRedaction.Redact(request.Url)} failed: {FirstLine(ex.Message)}", ex);
        }
        finally
        {
            // Closing the page (and stopping a fixed-time wait) ends whatever the rendering still waits for; its failure then is expected.
            // Each wait is bounded: on a dead browser they may never be answered.
            await stop.CancelAsync().ConfigureAwait(false);
            await ClosePageAsync(browser, page, request.Url, context.TimeProvider).ConfigureAwait(false);
            context.Stats.BrowserPageClosed();
            if (rendering is { IsCompleted: false })
            {
                await browser.SettleAsync(rendering, _options.CloseTimeout, context.TimeProvider).ConfigureAwait(false);
            }

            await browser.SettleAsync(guards.DrainAsync(), _options.CloseTimeout, context.TimeProvider).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A page lost with its renderer or its browser: a transport failure the retry policy retries (a new attempt
    /// gets a new renderer, and a new browser when the old one died), reported as a connection failure of the request.
    /// </summary>
    private static SessionConnectionException BrowserGone(Uri url, string what, PlaywrightException ex) =>
        new(url, ConnectionFailure.Other, new RenderFailedException(url, $"Rendering {UrlRedaction.Redact(url)} failed: {what} ({FirstLine(ex.Message)})", ex));

    // Chromium answers a navigation to a file it downloads with this error instead of a page.
    private static bool IsDownload(PlaywrightException ex) => ex.Message.Contains("Download is starting", StringComparison.Ordinal);

    private async Task ClosePageAsync(LiveBrowser browser, IPage page, Uri url, TimeProvider time)
    {
        // A page gone with its renderer or its browser fails its close, and the rendering's own error says why; a
        // dead browser may never answer it at all.
        if (!await browser.SettleAsync(page.CloseAsync(), _options.CloseTimeout, time).ConfigureAwait(false))
        {
            Log.CloseTimedOut(_logger, UrlRedaction.Redact(url), _options.CloseTimeout.TotalSeconds);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    /// <summary>Closes every browser context and the browser.</summary>
    /// <returns>A task that completes when the browser is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
        _pages.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Rendering {Url} did not settle within {Seconds} s")]
        public static partial void TimedOut(ILogger logger, string url, double seconds);

        [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Closing the page of {Url} took longer than {Seconds} s: left to end with the browser")]
        public static partial void CloseTimedOut(ILogger logger, string url, double seconds);
    }
}
