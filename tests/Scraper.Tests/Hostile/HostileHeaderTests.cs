namespace Scraper.Tests.Hostile;

/// <summary>Hostile response headers: cookie floods, huge cookies, a megabyte header.</summary>
public sealed class HostileHeaderTests
{
    [Fact]
    public async Task Crawl_1000SetCookieHeaders_PageParsedAndTheJarStaysWithinItsLimit()
    {
        await using var site = await HostileSite.StartAsync("/cookies/flood");

        var run = await HostileCrawl.RunAsync(site);

        run.AssertCompletedWithEveryGoodItemOnce(site.At("/cookies/flood"), site.At("/cookies/after"));
        Assert.Equal(0, run.Stats.ErrorCount);
        // The jar keeps at most 180 cookies per domain (CookieJarOptions): the page after the flood gets that many, not 1,000.
        Assert.Equal(180, site.HitsOf("/cookies/after").Single().CookieCount);
        Assert.All(site.Hits, hit => Assert.InRange(hit.CookieCount, 0, 180));
    }

    [Fact]
    public async Task Crawl_LargeAndHugeCookies_TheLargeIsRefusedByTheJarAndTheHugeIsACountedError()
    {
        // 40 KB: a valid response, but a cookie over the jar's 8 KB limit, which must not poison later requests
        // (Kestrel answers 431 to a request header over 32 KB). 100 KB: over .NET's 64 KB response-header limit.
        await using var site = await HostileSite.StartAsync("/cookies/large", "/cookies/huge");

        var run = await HostileCrawl.RunAsync(site, options => options.Retry.MaxRetries = 1);

        run.AssertCompletedWithEveryGoodItemOnce(site.At("/cookies/large"), site.At("/cookies/after"));
        Assert.All(site.Hits, hit => Assert.Equal(0, hit.CookieCount));
        run.AssertOneSessionErrorCounted();
        run.AssertLogged(site.At("/cookies/huge"));
    }

    [Fact]
    public async Task Crawl_1MBResponseHeader_CountedErrorAndTheCrawlGoesOn()
    {
        await using var site = await HostileSite.StartAsync("/headers/huge");

        var run = await HostileCrawl.RunAsync(site, options => options.Retry.MaxRetries = 1);

        run.AssertCompletedWithEveryGoodItemOnce();
        run.AssertOneSessionErrorCounted();
        run.AssertLogged(site.At("/headers/huge"));
    }
}
