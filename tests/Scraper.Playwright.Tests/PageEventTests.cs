using System.Net;
using Scraper.Crawling;

namespace Scraper.Playwright.Tests;

/// <summary>What a page does on its own while it is rendered: dialogs, downloads, navigations off the spider's domains, redirects.</summary>
public sealed class PageEventTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private Request Render(string path, RenderOptions options, Action<Response> read) =>
        new Request(browser.At(path), response =>
        {
            read(response);
            return [];
        }) { Retry = false }.Rendered(options);

    [Fact]
    public async Task Dialogs_AlertAndConfirm_AreDismissedCountedAndThePageGoesOn()
    {
        string? after = null;
        var request = Render("/dialogs", new RenderOptions { WaitFor = [RenderWait.ForSelector("#after")] }, r => after = r.SelectText("#after"));

        var result = await browser.CrawlAsync(request);

        // Dismissed: confirm() answered false, and the script ran on.
        Assert.Equal("false", after);
        Assert.Equal(2, result.Stats.Events["playwright/dialogs"]);
    }

    [Fact]
    public async Task Downloads_StartedByAClick_AreCancelledCountedAndThePageIsRead()
    {
        string? page = null;
        // A download leaves no trace in the page to wait for: the page stays open a second for the browser's report.
        var request = Render("/download", new RenderOptions { Actions = [PageAction.Click("#dl", then: RenderWait.ForTime(TimeSpan.FromSeconds(1)))] }, r => page = r.SelectText("#page"));

        var result = await browser.CrawlAsync(request);

        Assert.Equal("still here", page);
        Assert.Equal(1, result.Stats.Events["playwright/downloads"]);
    }

    [Fact]
    public async Task Downloads_RequestedUrlIsAFile_FailsAsNotAPage()
    {
        var request = Render("/file.bin", RenderOptions.Default, _ => Assert.Fail("a download is not a page"));

        var result = await browser.CrawlAsync(request);

        Assert.Equal(1, result.Stats.Errors["RenderFailedException"]);
        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
    }

    [Fact]
    public async Task Offsite_ClickNavigatesOffTheAllowedDomains_DroppedAsOffsite()
    {
        var read = false;
        var request = Render("/away", new RenderOptions { Actions = [PageAction.Click("#go", then: RenderWait.ForSelector("h1"))] }, _ => read = true);

        var result = await browser.CrawlAsync(new BrowserFixture.RequestsSpider([request], ["127.0.0.1"]));

        Assert.False(read);
        Assert.Equal(1, result.Stats.DroppedRequests["offsite"]);
        Assert.Empty(result.Stats.Errors);
    }

    [Fact]
    public async Task Offsite_ClickNavigatesToAnotherAllowedDomain_IsFollowed()
    {
        Uri? url = null;
        var request = Render("/away", new RenderOptions { Actions = [PageAction.Click("#go", then: RenderWait.ForSelector("h1"))] }, r => url = r.Url);

        var result = await browser.CrawlAsync(new BrowserFixture.RequestsSpider([request], ["127.0.0.1", "localhost"]));

        Assert.Equal("localhost", url!.Host);
        Assert.Equal("/plain", url.AbsolutePath);
        Assert.False(result.Stats.DroppedRequests.ContainsKey("offsite"));
    }

    [Fact]
    public async Task Offsite_MainDocumentRedirectedOffTheAllowedDomains_DroppedAsOffsite()
    {
        var read = false;
        var request = Render("/redirect-away", RenderOptions.Default, _ => read = true);

        var result = await browser.CrawlAsync(new BrowserFixture.RequestsSpider([request], ["127.0.0.1"]));

        Assert.False(read);
        Assert.Equal(1, result.Stats.DroppedRequests["offsite"]);
    }

    [Fact]
    public async Task Status_T1_ErrorStatusWithAnEmptyBody_IsTheServersAnswerSoThePolicyRetriesIt()
    {
        string? heading = null;
        var request = new Request(browser.At("/unavailable-once"), response =>
        {
            heading = response.SelectText("h1");
            return [];
        }).Rendered();

        var result = await browser.CrawlAsync(request);

        Assert.Equal("back", heading);
        Assert.Equal(1, result.Stats.RetriesByReason["503"]);
        Assert.Empty(result.Stats.Errors);
    }

    [Fact]
    public async Task Redirect_R9_MainDocumentRedirects_ReportedAsHistoryAndFinalUrl()
    {
        Response? answer = null;
        var request = Render("/hop", RenderOptions.Default, r => answer = r);

        await browser.CrawlAsync(request);

        Assert.Equal(browser.At("/plain"), answer!.Url);
        Assert.True(answer.Redirected);
        Assert.Equal([(browser.At("/hop"), HttpStatusCode.Redirect, browser.At("/hop2")), (browser.At("/hop2"), HttpStatusCode.MovedPermanently, browser.At("/plain"))],
            answer.History.Select(h => (h.Url, h.StatusCode, h.Location)));
        Assert.Equal("plain", answer.SelectText("h1"));
    }

    [Fact]
    public async Task Capture_ScreenshotAndPdf_AreOnTheResponseForTheItem()
    {
        RenderCapture? capture = null;
        var request = Render("/plain", new RenderOptions { Screenshot = true, FullPage = true, Pdf = true }, r => capture = r.Capture());

        await browser.CrawlAsync(request);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, capture!.Screenshot!.Value[..4].ToArray());
        Assert.Equal("%PDF-"u8.ToArray(), capture.Pdf!.Value[..5].ToArray());
    }

    [Fact]
    public async Task Capture_ScreenshotOnly_HasNoPdf()
    {
        RenderCapture? capture = null;
        var request = Render("/plain", new RenderOptions { Screenshot = true }, r => capture = r.Capture());

        await browser.CrawlAsync(request);

        Assert.NotNull(capture!.Screenshot);
        Assert.Null(capture.Pdf);
    }

    [Fact]
    public async Task Capture_NotAskedFor_IsNull()
    {
        var captured = true;
        var request = Render("/plain", RenderOptions.Default, r => captured = r.Capture() is not null);

        await browser.CrawlAsync(request);

        Assert.False(captured);
    }

    [Fact]
    public async Task Capture_PdfWithAHeadedBrowser_FailsTheRequestNamingTheSetting()
    {
        // Refused before any browser starts, so no window opens.
        await using var headed = new PlaywrightDownloadHandler(new PlaywrightOptions { Headless = false });
        var request = new Request(browser.At("/plain"), _ => []).Rendered(new RenderOptions { Pdf = true });

        var result = await new Crawler(new BrowserFixture.RequestsSpider([request]), BrowserFixture.Options(), new CrawlerServices { DownloadHandlers = { headed } }).RunAsync();

        Assert.Equal(1, result.Stats.Errors["ArgumentException"]);
    }
}
