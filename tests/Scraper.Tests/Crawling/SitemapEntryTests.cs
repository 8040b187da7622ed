using System.Runtime.CompilerServices;
using System.Text;
using Scraper.Crawling;
using Scraper.Crawling.Sitemaps;
using Scraper.Testing;

namespace Scraper.Tests.Crawling;

public sealed class SitemapEntryTests
{
    private const string Site = "https://shop.test";
    private static readonly Uri SitemapUrl = new($"{Site}/sitemap.xml");

    private const string RichUrlset = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
                xmlns:video="http://www.google.com/schemas/sitemap-video/1.1"
                xmlns:xhtml="http://www.w3.org/1999/xhtml">
          <url>
            <loc>https://shop.test/product/1</loc>
            <lastmod>2024-05-06T07:08:09+02:00</lastmod>
            <image:image><image:loc>https://cdn.shop.test/1.jpg</image:loc></image:image>
            <video:video><video:content_loc>https://cdn.shop.test/1.mp4</video:content_loc><video:player_loc>https://shop.test/player</video:player_loc><video:thumbnail_loc>https://cdn.shop.test/t.jpg</video:thumbnail_loc></video:video>
            <xhtml:link rel="alternate" hreflang="de" href="https://shop.test/de/product/1"/>
          </url>
          <url><loc>https://shop.test/product/2</loc><lastmod>2023-01-02</lastmod></url>
          <url><image:loc>https://cdn.shop.test/orphan.jpg</image:loc></url>
          <url><loc>https://shop.test/product/3</loc><lastmod>not a date</lastmod></url>
        </urlset>
        """;

    private static Sitemap Parse(string xml) => SitemapParser.Parse(Encoding.UTF8.GetBytes(xml), SitemapUrl);

    [Fact]
    public void Sitemaps_S1_OnlyTheLocOfEachUrlIsAPage()
    {
        var sitemap = Parse(RichUrlset);

        Assert.False(sitemap.IsIndex);
        Assert.Equal([new Uri($"{Site}/product/1"), new Uri($"{Site}/product/2"), new Uri($"{Site}/product/3")], sitemap.Locations);
    }

    [Fact]
    public void Sitemaps_S1_OnlyTheLocOfEachSitemapOfAnIndexIsASitemap()
    {
        var sitemap = Parse("""
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
              <sitemap><loc>https://shop.test/s1.xml</loc><lastmod>2024-01-01T00:00:00Z</lastmod></sitemap>
              <image:loc>https://cdn.shop.test/stray.jpg</image:loc>
              <sitemap><loc>/s2.xml.gz</loc></sitemap>
            </sitemapindex>
            """);

        Assert.True(sitemap.IsIndex);
        Assert.Equal(
            [new SitemapEntry(new Uri($"{Site}/s1.xml"), new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)), new SitemapEntry(new Uri($"{Site}/s2.xml.gz"), null)],
            sitemap.Entries);
    }

    [Fact]
    public void Sitemaps_S2_LastmodIsKeptWithItsEntry()
    {
        var entries = Parse(RichUrlset).Entries;

        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)), entries[0].LastModified);
        Assert.Equal(new DateTimeOffset(2023, 1, 2, 0, 0, 0, TimeSpan.Zero), entries[1].LastModified);
        Assert.Null(entries[2].LastModified);
    }

    private sealed record Seen(string Path, DateTimeOffset? LastModified);

    private sealed class ChangedSinceSpider(DateTimeOffset lastRun) : SitemapSpider
    {
        protected override IEnumerable<string> SitemapUrls => [$"{Site}/sitemap.xml"];

        protected override bool SitemapFilter(SitemapEntry entry) => entry.LastModified is not { } changed || changed > lastRun;

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new Seen(response.Url.AbsolutePath, response.State<SitemapEntry>().LastModified);
            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Sitemaps_S2_ASpiderSkipsPagesUnchangedSinceItsLastRun()
    {
        var site = new CannedResponses()
            .Text($"{Site}/robots.txt", "User-agent: *\n", "text/plain")
            .Text($"{Site}/sitemap.xml", RichUrlset, "application/xml")
            .Html($"{Site}/product/1", "<h1>One</h1>")
            .Html($"{Site}/product/2", "<h1>Two</h1>")
            .Html($"{Site}/product/3", "<h1>Three</h1>");

        var result = await SpiderTest.RunAsync(new ChangedSinceSpider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)), site);

        Assert.Equal(
            [new Seen("/product/1", new DateTimeOffset(2024, 5, 6, 5, 8, 9, TimeSpan.Zero)), new Seen("/product/3", null)],
            result.ItemsOf<Seen>().OrderBy(seen => seen.Path, StringComparer.Ordinal));
        Assert.DoesNotContain(result.Requests, url => url.AbsolutePath is "/product/2" || url.Host == "cdn.shop.test");
    }
}
