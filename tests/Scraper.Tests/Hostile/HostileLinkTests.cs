namespace Scraper.Tests.Hostile;

/// <summary>Hostile links: odd characters and schemes, huge URLs, dot segments, IPv6 literals, a page of 100,000 links.</summary>
public sealed class HostileLinkTests
{
    /// <summary>
    /// Pending the links helper (WHATWG resolution): today a tab or newline inside a link is kept as %09/%0A and
    /// <c>%zz</c> is sent as <c>%25zz</c>.
    /// </summary>
    [Fact]
    public async Task Crawl_LinksWithSpacesTabsUnicodeSchemesDotsLongAndIpv6_ResolvedAsABrowserDoes()
    {
        await using var site = await HostileSite.StartAsync("/links");

        var run = await HostileCrawl.RunAsync(site);

        run.AssertCompletedWithGoodItemsOnce();
        Assert.Equal(0, run.Stats.ErrorCount);
        string[] expected =
        [
            "/links/sp%20ace", "/links/tab", "/links/newline", "/links/padded", "/links/%C3%BCn%C3%AF", "/links/pct%zz",
            HostileFaults.LongLinkPath, "/links/v6 over IPv6",
        ];
        var requested = site.Hits
            .Where(hit => hit.Path.StartsWith("/links/", StringComparison.Ordinal))
            .Select(hit => hit.OverIpv6 ? hit.RawTarget + " over IPv6" : hit.RawTarget)
            .ToList();
        var missing = expected.Except(requested, StringComparer.Ordinal).ToList();
        var unexpected = requested.Except(expected, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && unexpected.Count == 0 && requested.Count == expected.Length,
            $"Not requested: {string.Join(", ", missing)}; requested instead: {string.Join(", ", unexpected)}; {requested.Count} requests");
        // javascript: and data: are not fetched; ".." resolves onto pages the crawl has anyway, fetched once.
        Assert.Single(site.HitsOf("/good/3"));
        Assert.Single(site.HitsOf("/good/4"));
        Assert.Equal(site.GoodUrls.Count() + 1 + expected.Length, run.Items.Count);
        Assert.Equal(run.Items.Count, run.Items.Select(item => item.Url).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// 100,000 fetched pages would make this a benchmark, not a test; robots.txt disallows them instead, so every
    /// link still goes through extraction, the duplicate filter, the frontier and the robots check (the whole
    /// engine bar the wire), while the crawl stays a few seconds long (5 s alone, 9 s on a loaded machine, nearly
    /// all of it extracting the 100,000 links: the same page with off-site links takes as long). Completing within
    /// the run's bound is the time check; no tighter one, so a busy machine does not fail it.
    /// </summary>
    [Fact]
    public async Task Crawl_PageWith100000DistinctLinks_EveryLinkDroppedAsDisallowedAndTheCrawlCompletes()
    {
        await using var site = await HostileSite.StartAsync("/flood");

        var run = await HostileCrawl.RunAsync(site, options => options.ObeyRobotsTxt = true, Microsoft.Extensions.Logging.LogLevel.Information, bound: TimeSpan.FromSeconds(30));

        run.AssertCompletedWithEveryGoodItemOnce(site.At("/flood"));
        Assert.Equal(HostileFaults.FloodLinks, run.Stats.DroppedRequests.GetValueOrDefault("robots"));
        Assert.DoesNotContain(site.Hits, hit => hit.Path.StartsWith("/flood/", StringComparison.Ordinal));
    }
}
