using System.Collections.Concurrent;
using System.Net;
using Scraper.Crawling;

namespace Scraper.Playwright.Tests;

/// <summary>Rendering in the real Chromium: the DOM after scripts, each wait condition, each action, timeouts.</summary>
public sealed class RenderingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private readonly ConcurrentDictionary<string, string?> _seen = new();

    private Request Render(string path, RenderOptions options, Func<Response, string?> read) =>
        new Request(browser.At(path), response =>
        {
            _seen[path] = read(response);
            return [];
        }).Rendered(options);

    [Fact]
    public async Task Render_ListingBuiltFromJson_DocumentHoldsTheScriptsContent()
    {
        string[]? names = null;
        Uri? url = null;
        var status = HttpStatusCode.InternalServerError;
        var request = new Request(browser.At("/listing"), response =>
        {
            names = [.. response.Css("li.product").Select(li => li.TextContent)];
            url = response.Url;
            status = response.Status;
            return [];
        }).Rendered(new RenderOptions { WaitFor = [RenderWait.ForSelector("li.product")] });

        var result = await browser.CrawlAsync(request);

        Assert.Equal(["Anvil", "Bucket", "Crate"], names!);
        Assert.Equal(browser.At("/listing"), url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, result.Stats.Events["playwright/pages"]);
    }

    [Fact]
    public async Task Render_WithoutRenderOptions_GoesOverPlainHttp()
    {
        var result = await browser.CrawlAsync(new Request(browser.At("/listing"), response =>
        {
            _seen["plain"] = response.Css("li.product").Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return [];
        }));

        Assert.Equal("0", _seen["plain"]);
        Assert.False(result.Stats.Events.ContainsKey("playwright/pages"));
    }

    [Fact]
    public async Task Wait_ForSelector_WaitsForAnElementAScriptAddsLater()
    {
        await browser.CrawlAsync(Render("/late", new() { WaitFor = [RenderWait.ForSelector("#late")] }, r => r.SelectText("#late")));

        Assert.Equal("arrived", _seen["/late"]);
    }

    [Fact]
    public async Task Wait_NetworkIdle_WaitsForASlowFetch()
    {
        await browser.CrawlAsync(Render("/idle", new() { WaitFor = [RenderWait.NetworkIdle] }, r => r.SelectText("#slow")));

        Assert.Equal("slow answer", _seen["/idle"]);
    }

    [Fact]
    public async Task Wait_ForTime_GivesTimersTheirTime()
    {
        await browser.CrawlAsync(Render("/late", new() { WaitFor = [RenderWait.ForTime(TimeSpan.FromMilliseconds(900))] }, r => r.SelectText("#late")));

        Assert.Equal("arrived", _seen["/late"]);
    }

    [Fact]
    public async Task Wait_ForFunction_WaitsUntilThePredicateHolds()
    {
        await browser.CrawlAsync(Render("/flag", new() { WaitFor = [RenderWait.ForFunction("() => window.ready === true")] }, r => r.SelectText("#flagged")));

        Assert.Equal("done", _seen["/flag"]);
    }

    [Fact]
    public async Task Wait_NoCondition_ReadsTheDomAtTheLoadEvent()
    {
        await browser.CrawlAsync(Render("/late?ms=10000", RenderOptions.Default, r => r.SelectText("#late")));

        Assert.Null(_seen["/late?ms=10000"]);
    }

    [Fact]
    public async Task Action_ScrollToEnd_LoadsEveryRowAndStopsWhenNoNewContent()
    {
        // The settle time bounds how long a scroll waits for rows; it is spent in full only once, after the last rows.
        // Generous, so a loaded machine's slow fetch is not taken for the end of the list.
        await browser.CrawlAsync(Render("/scroll", new() { WaitFor = [RenderWait.ForSelector(".row")], Actions = [PageAction.ScrollToEnd(10, TimeSpan.FromSeconds(3))] },
            r => r.Css(".row").Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal("15", _seen["/scroll"]);
    }

    [Fact]
    public async Task Action_ScrollToEnd_StopsAfterTheGivenNumberOfScrolls()
    {
        await browser.CrawlAsync(Render("/scroll", new() { WaitFor = [RenderWait.ForSelector(".row")], Actions = [PageAction.ScrollToEnd(1, TimeSpan.FromSeconds(3))] },
            r => r.Css(".row").Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal("10", _seen["/scroll"]);
    }

    [Fact]
    public async Task Action_Click_RevealsALinkOnlyAClickHandlerMakes()
    {
        string? followed = null;
        var request = new Request(browser.At("/click"), response => [response.Follow(response.SelectAttributes("a.next", "href").Single(), r =>
        {
            followed = r.SelectText("h1");
            return [];
        })!]).Rendered(new RenderOptions { Actions = [PageAction.Click("#more", then: RenderWait.ForSelector("a.next"))] });

        await browser.CrawlAsync(request);

        Assert.Equal("plain", followed);
    }

    [Fact]
    public async Task Action_FillAndSubmit_ReadsTheAnswerPage()
    {
        Uri? url = null;
        var request = new Request(browser.At("/form"), response =>
        {
            url = response.Url;
            _seen["query"] = response.SelectText("#query");
            return [];
        }).Rendered(new RenderOptions { Actions = [PageAction.Fill("#q", "red anvil"), PageAction.Submit("#go")] });

        await browser.CrawlAsync(request);

        Assert.Equal("red anvil", _seen["query"]);
        Assert.Equal("/search", url!.AbsolutePath);
    }

    [Fact]
    public async Task Timeout_PageThatNeverSettles_IsCountedAndTheCrawlGoesOn()
    {
        var never = Render("/never", new() { WaitFor = [RenderWait.NetworkIdle], Timeout = TimeSpan.FromMilliseconds(800) }, r => "rendered") with { Retry = false };
        var plain = Render("/plain", RenderOptions.Default, r => r.SelectText("h1"));

        var result = await browser.CrawlAsync(never, plain);

        Assert.False(_seen.ContainsKey("/never"));
        Assert.Equal("plain", _seen["/plain"]);
        Assert.Equal(1, result.Stats.Events["playwright/timeouts"]);
        Assert.Equal(1, result.Stats.Errors["SessionTimeoutException"]);
        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
    }

    [Fact]
    public async Task Failure_RefusedConnection_IsARenderFailureAndTheCrawlGoesOn()
    {
        var refused = new Request(new Uri("http://127.0.0.1:1/"), _ => []) { Retry = false }.Rendered();
        var plain = Render("/plain", RenderOptions.Default, r => r.SelectText("h1"));

        var result = await browser.CrawlAsync(refused, plain);

        Assert.Equal(1, result.Stats.Errors["RenderFailedException"]);
        Assert.Equal("plain", _seen["/plain"]);
        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
    }

    [Fact]
    public void Options_ChromiumMissing_ErrorNamesTheExecutablePathSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PlaywrightDownloadHandler(new PlaywrightOptions { ExecutablePath = "/nonexistent/chromium" }));

        Assert.Contains("Scraper:Playwright:ExecutablePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/chromium", error.Message, StringComparison.Ordinal);
    }
}
