using System.Net;
using Microsoft.Playwright;
using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>
/// What a rendering produced: the main document's answer (status, headers, the redirects it followed), the
/// serialized DOM, the page's URL at the end, and what was captured on request.
/// </summary>
internal sealed record RenderedPage(int Status, IReadOnlyList<Header> Headers, string Html, Uri Url, IReadOnlyList<RedirectHop> History, RenderCapture? Capture);

/// <summary>Loads a page, awaits its conditions, does its actions, and reads the DOM.</summary>
internal static class PageRenderer
{
    public static async Task<RenderedPage> RenderAsync(IPage page, Uri url, RenderOptions options, IReadOnlySet<string> blocked, PageGuards guards, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        // One route for both rules: resource types not loaded, and main-document navigations kept on the allowed domains.
        await page.RouteAsync("**/*", route =>
            guards.IsOffsiteNavigation(route.Request) || blocked.Contains(route.Request.ResourceType) ? route.AbortAsync() : route.FallbackAsync()).ConfigureAwait(false);

        // The last main-frame navigation's answer is the main document, also when a click or a submit navigated.
        IResponse? main = null;
        void OnResponse(object? sender, IResponse response)
        {
            if (response.Request.IsNavigationRequest && response.Frame == page.MainFrame)
            {
                main = response;
            }
        }

        page.Response += OnResponse;
        try
        {
            try
            {
                main = await page.GotoAsync(url.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load }).ConfigureAwait(false) ?? main;
            }
            catch (PlaywrightException ex) when (main is { } answer && ex.Message.Contains("ERR_HTTP_RESPONSE_CODE_FAILURE", StringComparison.Ordinal))
            {
                // An error status with an empty body (a 503, a proxy's 403): Chromium shows a page of its own and
                // reports a failure, but the server did answer. Its status goes up as a plain request's would, so
                // the retry policy, the proxy rotation and the logged-out detector see it.
                return new RenderedPage(answer.Status, await answer.HeadersArrayAsync().ConfigureAwait(false), string.Empty, new Uri(answer.Url),
                    await HistoryAsync(answer.Request).ConfigureAwait(false), null);
            }

            foreach (var wait in options.WaitFor)
            {
                await WaitAsync(page, wait, timeProvider, cancellationToken).ConfigureAwait(false);
            }

            foreach (var action in options.Actions)
            {
                await ActAsync(page, action).ConfigureAwait(false);
                if (action.Then is { } then)
                {
                    await WaitAsync(page, then, timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            page.Response -= OnResponse;
        }

        var capture = await CaptureAsync(page, options).ConfigureAwait(false);
        var html = await page.ContentAsync().ConfigureAwait(false);
        var headers = main is null ? [] : await main.HeadersArrayAsync().ConfigureAwait(false);
        var history = main is null ? [] : await HistoryAsync(main.Request).ConfigureAwait(false);
        // No main response: a same-document navigation (a fragment); the page itself loaded fine.
        return new RenderedPage(main?.Status ?? 200, headers, html, new Uri(page.Url), history, capture);
    }

    /// <summary>The redirects the main document followed, first to last, as the HTTP handler reports them.</summary>
    private static async Task<IReadOnlyList<RedirectHop>> HistoryAsync(IRequest final)
    {
        var chain = new List<IRequest>();
        for (var request = final.RedirectedFrom; request is not null; request = request.RedirectedFrom)
        {
            chain.Add(request);
        }

        chain.Reverse();
        var hops = new List<RedirectHop>(chain.Count);
        for (var i = 0; i < chain.Count; i++)
        {
            var hop = chain[i];
            var next = i + 1 < chain.Count ? chain[i + 1] : final;
            var status = await hop.ResponseAsync().ConfigureAwait(false) is { } answer ? answer.Status : 0;
            hops.Add(new RedirectHop(new HttpMethod(hop.Method), new Uri(hop.Url), (HttpStatusCode)status, new Uri(next.Url)));
        }

        return hops;
    }

    private static async Task<RenderCapture?> CaptureAsync(IPage page, RenderOptions options)
    {
        if (!options.Screenshot && !options.Pdf)
        {
            return null;
        }

        // Assigned only when taken: a null array would otherwise become an empty (not a missing) capture.
        ReadOnlyMemory<byte>? screenshot = null;
        ReadOnlyMemory<byte>? pdf = null;
        if (options.Screenshot)
        {
            screenshot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = options.FullPage, Type = ScreenshotType.Png }).ConfigureAwait(false);
        }

        if (options.Pdf)
        {
            pdf = await page.PdfAsync().ConfigureAwait(false);
        }

        return new RenderCapture(screenshot, pdf);
    }

    private static Task WaitAsync(IPage page, RenderWait wait, TimeProvider timeProvider, CancellationToken cancellationToken) => wait switch
    {
        RenderWait.SelectorWait selector => page.WaitForSelectorAsync(selector.Selector),
        RenderWait.NetworkIdleWait => page.WaitForLoadStateAsync(LoadState.NetworkIdle),
        RenderWait.DelayWait delay => Task.Delay(delay.Delay, timeProvider, cancellationToken),
        RenderWait.FunctionWait function => page.WaitForFunctionAsync(function.Expression),
        _ => throw new ArgumentOutOfRangeException(nameof(wait), wait, "Unknown wait."),
    };

    private static Task ActAsync(IPage page, PageAction action) => action switch
    {
        PageAction.ScrollAction scroll => ScrollAsync(page, scroll),
        PageAction.ClickAction click => page.ClickAsync(click.Selector),
        PageAction.FillAction fill => page.FillAsync(fill.Selector, fill.Value),
        PageAction.SubmitAction submit => SubmitAsync(page, submit.Selector),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action."),
    };

    /// <summary>Clicks a submit button and waits until the page it loads has loaded (not merely started).</summary>
    private static async Task SubmitAsync(IPage page, string selector)
    {
        var navigated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == page.MainFrame)
            {
                navigated.TrySetResult();
            }
        }

        // The rendering's timeout closes the page, which ends this wait too.
        void OnClosed(object? sender, IPage closed) => navigated.TrySetException(new PlaywrightException("The page closed before the form's answer loaded."));

        page.FrameNavigated += OnNavigated;
        page.Close += OnClosed;
        try
        {
            await page.ClickAsync(selector).ConfigureAwait(false);
            await navigated.Task.ConfigureAwait(false);
            await page.WaitForLoadStateAsync(LoadState.Load).ConfigureAwait(false);
        }
        finally
        {
            page.FrameNavigated -= OnNavigated;
            page.Close -= OnClosed;
        }
    }

    /// <summary>Scrolls to the bottom until the page stops growing or the scrolls run out (infinite scroll).</summary>
    private static async Task ScrollAsync(IPage page, PageAction.ScrollAction scroll)
    {
        for (var i = 0; i < scroll.Times; i++)
        {
            var height = await page.EvaluateAsync<double>("() => { const h = document.documentElement.scrollHeight; window.scrollTo(0, h); return h; }").ConfigureAwait(false);
            try
            {
                await page.WaitForFunctionAsync("h => document.documentElement.scrollHeight > h", height,
                    new PageWaitForFunctionOptions { Timeout = (float)scroll.Settle.TotalMilliseconds }).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // No new content after this scroll: the end of the list.
                return;
            }
        }
    }
}
