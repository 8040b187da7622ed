using Microsoft.Playwright;

namespace Scraper.Playwright;

/// <summary>What a rendering produced: the main document's answer, the serialized DOM and the page's URL at the end.</summary>
internal sealed record RenderedPage(int Status, IReadOnlyList<Header> Headers, string Html, Uri Url);

/// <summary>Loads a page, awaits its conditions, does its actions, and reads the DOM.</summary>
internal static class PageRenderer
{
    public static async Task<RenderedPage> RenderAsync(IPage page, Uri url, RenderOptions options, IReadOnlySet<string> blocked, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (blocked.Count > 0)
        {
            await page.RouteAsync("**/*", route => blocked.Contains(route.Request.ResourceType) ? route.AbortAsync() : route.FallbackAsync()).ConfigureAwait(false);
        }

        // The last main-frame navigation's answer is the main document, also when a click or a submit navigated.
        var main = await page.GotoAsync(url.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load }).ConfigureAwait(false);
        void OnResponse(object? sender, IResponse response)
        {
            if (response.Request.IsNavigationRequest && response.Frame == page.MainFrame)
            {
                main = response;
            }
        }

        page.Response += OnResponse;
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

        page.Response -= OnResponse;
        var html = await page.ContentAsync().ConfigureAwait(false);
        var headers = main is null ? [] : await main.HeadersArrayAsync().ConfigureAwait(false);
        // No main response: a same-document navigation (a fragment); the page itself loaded fine.
        return new RenderedPage(main?.Status ?? 200, headers, html, new Uri(page.Url));
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
