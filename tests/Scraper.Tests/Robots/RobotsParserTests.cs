using Scraper.Robots;

namespace Scraper.Tests.Robots;

public sealed class RobotsParserTests
{
    private static readonly Uri File = new("https://a.test/robots.txt");

    private static bool Allowed(string robots, string path, string agent = "Scraper") =>
        RobotsParser.Parse(robots, agent, File).IsAllowed(new Uri(File, path));

    [Fact]
    public void Robots_OurGroupWinsOverTheStarGroup()
    {
        const string robots = "User-agent: *\nDisallow: /\n\nUser-agent: scraper\nDisallow: /private\n";

        Assert.True(Allowed(robots, "/public"));
        Assert.False(Allowed(robots, "/private/x"));
        Assert.False(Allowed(robots, "/public", agent: "OtherBot"));
    }

    [Fact]
    public void Robots_LongestMatchWinsAndAllowWinsATie()
    {
        const string robots = "User-agent: *\nDisallow: /shop\nAllow: /shop/public\nDisallow: /tie\nAllow: /tie\n";

        Assert.False(Allowed(robots, "/shop/cart"));
        Assert.True(Allowed(robots, "/shop/public/item"));
        Assert.True(Allowed(robots, "/tie"));
    }

    [Fact]
    public void Robots_WildcardsAndEndAnchor()
    {
        const string robots = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /search*q=\n";

        Assert.False(Allowed(robots, "/files/report.pdf"));
        Assert.True(Allowed(robots, "/files/report.pdf?download=1"));
        Assert.False(Allowed(robots, "/search?lang=en&q=shoes"));
        Assert.True(Allowed(robots, "/search?lang=en"));
    }

    [Fact]
    public void Robots_ConsecutiveUserAgentsShareAGroupAndCommentsAreIgnored()
    {
        const string robots = "# hello\nUser-agent: a\nUser-agent: Scraper # us\nDisallow: /x # no\n\nUser-agent: b\nDisallow: /y\n";

        Assert.False(Allowed(robots, "/x"));
        Assert.True(Allowed(robots, "/y"));
    }

    [Fact]
    public void Robots_EmptyDisallowAllowsEverythingAndGarbageIsIgnored()
    {
        Assert.True(Allowed("User-agent: *\nDisallow:\n", "/anything"));
        Assert.True(Allowed("<html>not a robots file</html>\n\u0000\u00ff", "/anything"));
    }

    [Fact]
    public void Robots_CrawlDelayAndSitemapsAreRead()
    {
        var rules = RobotsParser.Parse("Sitemap: /sitemap.xml\nUser-agent: *\nCrawl-delay: 2.5\nDisallow: /admin/\nSitemap: https://cdn.a.test/s2.xml.gz\n", "Scraper", File);

        Assert.Equal(TimeSpan.FromSeconds(2.5), rules.CrawlDelay);
        Assert.Equal([new Uri("https://a.test/sitemap.xml"), new Uri("https://cdn.a.test/s2.xml.gz")], rules.Sitemaps);
    }

    [Fact]
    public void Robots_TheFileItselfIsAlwaysAllowed() =>
        Assert.True(RobotsRules.DisallowAll.IsAllowed(File));
}
