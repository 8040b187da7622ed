using System.Collections.Concurrent;
using Scraper.Crawling;
using Scraper.Tests.TestSites;

namespace Scraper.Playwright.Tests;

/// <summary>The session's proxy is its browser context's: loopback forward proxies that count what they forward.</summary>
public sealed class ProxyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Proxy_N5_SessionProxyWithCredentials_CarriesTheBrowsersPageAndItsFetches()
    {
        await using var proxy = await ForwardProxy.StartAsync("render-proxy", "user", "secret");
        string[]? names = null;
        var request = new Request(browser.At("/listing"), response =>
        {
            names = [.. response.Css("li.product").Select(li => li.TextContent)];
            return [];
        }).Rendered(new RenderOptions { WaitFor = [RenderWait.ForSelector("li.product")] });
        var options = BrowserFixture.Options();
        options.Session.Proxy.Address = new Uri(proxy.Url);

        await browser.CrawlAsync(options, request);

        Assert.Equal(["Anvil", "Bucket", "Crate"], names!);
        Assert.Contains(browser.At("/listing").AbsoluteUri, proxy.Targets);
        Assert.Contains(browser.At("/api/products").AbsoluteUri, proxy.Targets);
        Assert.Contains("Basic " + Convert.ToBase64String("user:secret"u8.ToArray()), proxy.Authorizations);
    }

    [Fact]
    public async Task Proxy_RotatingProxyRetired_TheSessionsRenderedPagesMoveToTheNextProxy()
    {
        await using var first = await ForwardProxy.StartAsync("first");
        await using var second = await ForwardProxy.StartAsync("second");
        first.Mode = ProxyMode.Block;
        var arrived = new ConcurrentBag<string>();
        var requests = Enumerable.Range(1, 4).Select(i => new Request(browser.At("/plain?i=" + i), response =>
        {
            arrived.Add(response.Url.Query);
            return [];
        }).Rendered()).ToArray();
        var options = BrowserFixture.Options();
        options.Proxies.Urls.Add(first.Url);
        options.Proxies.Urls.Add(second.Url);
        options.Proxies.MaxFailures = 2;
        // Blocked pages are rendered again, through the session's proxy of the moment (a new browser context).
        options.Retry.StatusCodes.Add(403);

        var result = await browser.CrawlAsync(options, requests);

        Assert.Equal(["?i=1", "?i=2", "?i=3", "?i=4"], arrived.Order(StringComparer.Ordinal));
        Assert.Equal(0, first.Forwarded);
        Assert.Equal(4, second.Targets.Count(target => target.Contains("/plain?i=", StringComparison.Ordinal)));
        Assert.Equal(1, result.Stats.Events["proxy/moved"]);
    }
}
