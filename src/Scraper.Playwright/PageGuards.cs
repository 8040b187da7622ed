using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Engine;
using Scraper.Crawling.Stats;
using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>
/// What a page may do on its own while it is rendered, and what happens then: a dialog (<c>alert</c>,
/// <c>confirm</c>, <c>prompt</c>) is dismissed, a download is cancelled, a main-document navigation off the
/// spider's allowed domains ends the rendering as the offsite redirect of a plain request does, and a crashed
/// renderer ends it too. Each is logged and counted. <see cref="Tripped"/> fails when the rendering must stop.
/// </summary>
internal sealed partial class PageGuards
{
    private readonly IPage _page;
    private readonly Uri _url;
    private readonly OffsiteFilter _offsite;
    private readonly CrawlStats _stats;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<Exception> _tripped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Dismissing a dialog or cancelling a download is a call to the browser made from an event: kept, and awaited
    // before the page closes, rather than left running.
    private readonly ConcurrentQueue<Task> _answers = new();

    public PageGuards(IPage page, Uri url, IEnumerable<string> allowedDomains, CrawlStats stats, ILogger logger)
    {
        _page = page;
        _url = url;
        // The engine's own rule, so a rendered page leaves the spider's domains exactly when a plain request would.
        _offsite = new OffsiteFilter(allowedDomains);
        _stats = stats;
        _logger = logger;
        page.Dialog += OnDialog;
        page.Download += OnDownload;
        page.Crash += OnCrash;
        page.FrameNavigated += OnFrameNavigated;
    }

    /// <summary>
    /// Gets a task that completes, with the error to end the rendering with, when it must stop: the renderer
    /// crashed, or the page went offsite. (A result, not a fault: it is often never awaited.)
    /// </summary>
    public Task<Exception> Tripped => _tripped.Task;

    /// <summary>Gets a value indicating whether the page's renderer crashed.</summary>
    public bool Crashed { get; private set; }

    /// <summary>Tells whether an error of the rendering is its renderer's crash (the event may come after the error).</summary>
    public bool IsCrash(PlaywrightException error) => Crashed || error.Message.Contains("crashed", StringComparison.OrdinalIgnoreCase);

    /// <summary>Tells whether a navigation request of the main frame leaves the allowed domains; if so, trips the guard (the caller aborts it).</summary>
    public bool IsOffsiteNavigation(IRequest request)
    {
        if (!request.IsNavigationRequest || request.Frame != _page.MainFrame || !Uri.TryCreate(request.Url, UriKind.Absolute, out var target)
            || _offsite.IsAllowed(target.IdnHost.ToLowerInvariant()))
        {
            return false;
        }

        Offsite(target);
        return true;
    }

    /// <summary>Waits for the dialogs' and downloads' answers, whatever became of them.</summary>
    public async Task DrainAsync()
    {
        _page.Dialog -= OnDialog;
        _page.Download -= OnDownload;
        _page.Crash -= OnCrash;
        _page.FrameNavigated -= OnFrameNavigated;
        while (_answers.TryDequeue(out var answer))
        {
            await answer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void OnDialog(object? sender, IDialog dialog)
    {
        _stats.Count("playwright/dialogs");
        // The message is the page's text, not a secret of ours; the URL is redacted as everywhere.
        Log.DialogDismissed(_logger, dialog.Type, UrlRedaction.Redact(_url), dialog.Message);
        _answers.Enqueue(dialog.DismissAsync());
    }

    private void OnDownload(object? sender, IDownload download)
    {
        _stats.Count("playwright/downloads");
        Log.DownloadCancelled(_logger, UrlRedaction.Redact(_url), Uri.TryCreate(download.Url, UriKind.Absolute, out var file) ? UrlRedaction.Redact(file) : "(no URL)");
        _answers.Enqueue(download.CancelAsync());
    }

    private void OnCrash(object? sender, IPage page)
    {
        Crashed = true;
        Log.RendererCrashed(_logger, UrlRedaction.Redact(_url));
        _tripped.TrySetResult(new PlaywrightException("Target crashed: the page's renderer process died."));
    }

    // A redirect of the main document is not seen by the route (Playwright routes a redirect's first URL only):
    // where the frame ends up is checked too.
    private void OnFrameNavigated(object? sender, IFrame frame)
    {
        if (frame == _page.MainFrame && Uri.TryCreate(frame.Url, UriKind.Absolute, out var target) && target.Scheme is "http" or "https"
            && !_offsite.IsAllowed(target.IdnHost.ToLowerInvariant()))
        {
            Offsite(target);
        }
    }

    private void Offsite(Uri target)
    {
        Log.OffsiteNavigation(_logger, UrlRedaction.Redact(_url), UrlRedaction.Redact(target));
        _tripped.TrySetResult(new RequestDroppedException("offsite"));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Dismissed a {Type} dialog of {Url}: {Text}")]
        public static partial void DialogDismissed(ILogger logger, string type, string url, string text);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Cancelled a download {File} started by {Url}: a download is not a page")]
        public static partial void DownloadCancelled(ILogger logger, string url, string file);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "The renderer of {Url} crashed")]
        public static partial void RendererCrashed(ILogger logger, string url);

        [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Rendering {Url} navigated off the allowed domains to {Target}: dropped as offsite")]
        public static partial void OffsiteNavigation(ILogger logger, string url, string target);
    }
}
