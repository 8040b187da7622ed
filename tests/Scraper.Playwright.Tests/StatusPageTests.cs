using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Scraper.Crawling;
using Scraper.Hosting;
using Scraper.Hosting.Status;
using Scraper.Tests.TestSites;

namespace Scraper.Playwright.Tests;

/// <summary>The worker's status page in Debian's headless Chromium, over a worker crawling an endless site.</summary>
public sealed class StatusPageTests : IAsyncLifetime
{
    private const string Token = "status-page-token-0123456789";
    private const string Row = "tr[data-spider='endless']";
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-status-").FullName;
    private KestrelSite _site = null!;
    private IHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _page = null!;

    private sealed record SiteAddress(Uri Start);

    private sealed record PageItem(string Page);

    /// <summary>Follows page n to n+1 and n+2 for ever: a run goes on until it is stopped.</summary>
    private sealed class EndlessSpider(SiteAddress site) : Spider
    {
        public override IEnumerable<string> StartUrls => [new Uri(site.Start, "/p/1").AbsoluteUri];

        public override IEnumerable<object> Parse(Response response)
        {
            yield return new PageItem(response.Url.AbsolutePath);
            foreach (var link in response.FollowAll("a"))
            {
                yield return link;
            }
        }
    }

    public async Task InitializeAsync()
    {
        // Each page takes a little while, as a real site's would, so that a run is still going while the page is read.
        _site = await KestrelSite.StartAsync(app => app.MapGet("/p/{n:int}", async (int n, CancellationToken cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            return Results.Content($"<html><body><a href='/p/{n + 1}'>next</a> <a href='/p/{n + 2}'>skip</a></body></html>", "text/html");
        }));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _state, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scraper:Mode"] = "Schedule",
            ["Scraper:Schedule"] = "0 0 1 1 *",
            ["Scraper:StateDirectory"] = _state,
            ["Scraper:Output"] = Path.Combine(_state, "{spider}.jsonl"),
            ["Scraper:Store"] = "Memory",
            ["Scraper:ObeyRobotsTxt"] = "false",
            ["Scraper:ConcurrentRequests"] = "2",
            ["Scraper:Status:Url"] = "http://127.0.0.1:0/",
            ["Scraper:Status:Token"] = Token,
            ["Scraper:Status:RefreshInterval"] = "00:00:00.200",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new SiteAddress(_site.Address));
        builder.Services.AddScraper(builder.Configuration.GetSection(ScraperHostOptions.SectionName)).AddSpider<EndlessSpider>().AddStatusPage();
        _host = builder.Build();
        await _host.StartAsync();
        _page = _host.Services.GetRequiredService<StatusServer>().Address!;
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = new PlaywrightOptions().Validate(), Headless = true });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.StopAsync();
        _host.Dispose();
        await _site.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    private static Task WaitAsync(IPage page, string condition) =>
        page.WaitForFunctionAsync($"() => {{ const row = document.querySelector(\"{Row}\"); return !!row && ({condition}); }}");

    private static async Task<long> PagesAsync(IPage page) =>
        long.Parse(await page.Locator($"{Row} td.pages").TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task StatusPage_InChromium_ShowsALiveRunsNumbersMovingAndRunNowAndStopWork()
    {
        var page = await _browser.NewPageAsync();
        page.SetDefaultTimeout(20_000);

        var response = await page.GotoAsync(_page.AbsoluteUri + "?token=" + Token);

        Assert.Equal(200, response!.Status);
        Assert.Equal(_page.AbsoluteUri, page.Url);
        await WaitAsync(page, "row.querySelector('td.state').textContent === 'idle'");
        Assert.Equal("0 0 1 1 *", await page.Locator($"{Row} td.schedule").TextContentAsync());
        Assert.NotEqual("", await page.Locator($"{Row} td.next").TextContentAsync());

        await page.Locator($"{Row} button.run").ClickAsync();
        await WaitAsync(page, "row.querySelector('td.state').textContent.startsWith('running') && Number(row.querySelector('td.pages').textContent) > 0");
        var pages = await PagesAsync(page);
        await WaitAsync(page, $"Number(row.querySelector('td.pages').textContent) > {pages}");
        Assert.True(await PagesAsync(page) > pages);
        await WaitAsync(page, "Number(row.querySelector('td.items').textContent) > 0");

        await page.Locator($"{Row} button.stop").ClickAsync();
        await WaitAsync(page, "row.querySelector('td.state').textContent === 'idle'");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#history tr')].some(r => r.dataset.spider === 'endless' && r.querySelector('.outcome').textContent === 'Cancelled')");
    }

    [Fact]
    public async Task StatusPage_WithoutTheToken_Is401_AndAPostWithoutThePagesHeaderIs403()
    {
        using var client = new HttpClient { BaseAddress = _page };
        var page = await _browser.NewPageAsync();

        Assert.Equal(401, (await page.GotoAsync(_page.AbsoluteUri))!.Status);
        Assert.Equal(401, (await page.GotoAsync(_page.AbsoluteUri + "?token=wrong-token-0123456789"))!.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("events")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("api/spiders/endless/run", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("healthz/ready")).StatusCode);

        client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz/live")).StatusCode);
        // Authorised, but not from the page: a cross-site form carries the cookie yet cannot add the page's header.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("api/spiders/endless/run", null)).StatusCode);
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/status");
        rebound.Headers.Host = "attacker.test";
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await client.SendAsync(rebound)).StatusCode);
    }
}
