using System.Net;
using System.Text;
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
    // Headers the browser must set itself: its own Accept per resource (a JSON fetch is not a page), its cookies
    // (from the context), and credentials, which would otherwise go to every third-party host the page loads from.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "User-Agent", "Accept", "Accept-Encoding", "Cookie", "Authorization", "Proxy-Authorization", "Host", "Connection", "Content-Length",
    };

    // The body handed on is the serialized DOM, not the bytes the server sent.
    private static readonly HashSet<string> BodyHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding",
    };

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
        var timeout = render.Timeout ?? _options.DefaultTimeout;
        var session = context.Session;
        var sessionContext = await _host.ContextForAsync(session, cancellationToken).ConfigureAwait(false);
        await _pages.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await sessionContext.PushAsync(session, request.Url, cancellationToken).ConfigureAwait(false);
            RenderedPage rendered;
            try
            {
                rendered = await RenderWithinAsync(sessionContext.Context, request, render, timeout, context, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Also after a timeout or a failure: what the page set so far is the session's.
                await sessionContext.PullAsync(session).ConfigureAwait(false);
            }

            context.Stats.Count("playwright/pages");
            return ToResponse(request, rendered, session);
        }
        catch (SessionTimeoutException)
        {
            context.Stats.Count("playwright/timeouts");
            throw;
        }
        catch (PlaywrightException ex)
        {
            // The cookie sync or the context failed (a crashed browser): the request's failure, not the crawl's.
            throw new RenderFailedException(request.Url, $"Rendering {UrlRedaction.Redact(request.Url)} failed: {FirstLine(ex.Message)}", ex);
        }
        finally
        {
            _pages.Release();
        }
    }

    private async Task<RenderedPage> RenderWithinAsync(IBrowserContext browserContext, Request request, RenderOptions render, TimeSpan timeout, DownloadContext context, CancellationToken cancellationToken)
    {
        var timeProvider = context.TimeProvider;
        var session = context.Session;
        var page = await browserContext.NewPageAsync().ConfigureAwait(false);
        // The crawl's scraper.browser.pages.open gauge: one up per page, one down once it is closed.
        context.Stats.BrowserPageOpened();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<RenderedPage>? rendering = null;
        try
        {
            // Playwright reports its own timeouts as TimeoutException too. Every single wait is bounded by the whole budget; the outer bound below covers the sum.
            page.SetDefaultTimeout((float)timeout.TotalMilliseconds);
            page.SetDefaultNavigationTimeout((float)timeout.TotalMilliseconds);
            await page.SetExtraHTTPHeadersAsync(ForwardedHeaders(session)).ConfigureAwait(false);
            rendering = PageRenderer.RenderAsync(page, request.Url, render, render.BlockedResourceTypes ?? _blocked, timeProvider, stop.Token);
            return await rendering.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            Log.TimedOut(_logger, UrlRedaction.Redact(request.Url), timeout.TotalSeconds);
            throw new SessionTimeoutException(request.Url, timeout, ex);
        }
        catch (PlaywrightException ex)
        {
            throw new RenderFailedException(request.Url, $"Rendering {UrlRedaction.Redact(request.Url)} failed: {FirstLine(ex.Message)}", ex);
        }
        finally
        {
            // Closing the page (and stopping a fixed-time wait) ends whatever the rendering still waits for; its failure then is expected.
            await stop.CancelAsync().ConfigureAwait(false);
            await ClosePageAsync(page).ConfigureAwait(false);
            context.Stats.BrowserPageClosed();
            if (rendering is { IsCompleted: false })
            {
                await ((Task)rendering).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static async Task ClosePageAsync(IPage page)
    {
        try
        {
            await page.CloseAsync().ConfigureAwait(false);
        }
        catch (PlaywrightException)
        {
            // Already gone with its renderer or the browser: nothing left to close, and the rendering's own error says why.
        }
    }

    private static Dictionary<string, string> ForwardedHeaders(Session session)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in session.Headers)
        {
            if (!NotForwarded.Contains(name))
            {
                headers[name] = value;
            }
        }

        return headers;
    }

    private static Response ToResponse(Request request, RenderedPage rendered, Session session)
    {
        var headers = rendered.Headers.Where(h => !BodyHeaders.Contains(h.Name)).Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        headers.Add(new("Content-Type", "text/html; charset=utf-8"));
        return Response.Create(request, (HttpStatusCode)rendered.Status, Encoding.UTF8.GetBytes(rendered.Html), headers, rendered.Url, session);
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
    }
}
