using System.IO.Compression;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Scraper.Crawling;
using Scraper.Crawling.Links;
using Scraper.Crawling.Sitemaps;
using Scraper.Testing;

namespace Scraper.Tests.Crawling;

/// <summary>Rule-driven and sitemap-driven spiders, form requests, run with Scraper.Testing's canned responses.</summary>
public sealed class SpiderKindsTests
{
    private const string Site = "https://shop.test";

    private sealed record Product(string Url, string Name);

    /// <summary>The same rules with a plain or an async product callback: a rule takes either.</summary>
    private sealed class CatalogSpider(bool asyncCallback) : CrawlSpider
    {
        public override IEnumerable<string> StartUrls => [$"{Site}/"];

        protected override IReadOnlyList<CrawlRule> Rules =>
        [
            asyncCallback ? new(new LinkExtractor(allow: ["/product/"]), ParseProductAsync) : new(new LinkExtractor(allow: ["/product/"]), ParseProduct),
            new(new LinkExtractor(allow: ["/category/"], deny: ["sort="]) { RestrictCss = { "nav", ".pagination" } }),
        ];

        private IEnumerable<object> ParseProduct(Response response)
        {
            yield return new Product(response.Url.AbsolutePath, response.SelectText("h1")!);
        }

        private async IAsyncEnumerable<object> ParseProductAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new Product(response.Url.AbsolutePath, response.SelectText("h1")!);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Links_CrawlRulesFollowAllowedLinksOnlyAndRespectNofollow(bool asyncCallback)
    {
        var site = new CannedResponses()
            .Html($"{Site}/", """
                <nav><a href="/category/a">A</a> <a href="/category/a?sort=price">A by price</a></nav>
                <main><a href="/category/b">B, not in nav</a> <a href="/product/1#reviews">P1</a> <a rel="nofollow" href="/product/9">P9</a></main>
                """)
            .Html($"{Site}/category/a", """<a href="/product/1">P1 again</a><a href="../product/2">P2</a><div class="pagination"><a href="/category/a?page=2">2</a></div>""")
            .Html($"{Site}/category/a?page=2", """<a href="https://other.test/product/3">P3 elsewhere</a><a href="/product/4">P4</a>""")
            .Html($"{Site}/product/1", "<h1>One</h1>")
            .Html($"{Site}/product/2", "<h1>Two</h1>")
            .Html($"{Site}/product/4", "<h1>Four</h1>");

        var result = await SpiderTest.RunAsync(new CatalogSpider(asyncCallback), site, o => o.ObeyRobotsTxt = false);

        Assert.Equal(["/product/1", "/product/2", "/product/4"], result.ItemsOf<Product>().Select(p => p.Url).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.Requests, url => url.AbsolutePath is "/category/b" or "/product/9" || url.Query.Contains("sort", StringComparison.Ordinal));
        Assert.Equal(result.Requests.Count, result.Requests.Distinct().Count());
        Assert.Contains(result.Requests, url => url.Host == "other.test");
    }

    private sealed class ShopSitemapSpider : SitemapSpider
    {
        protected override IEnumerable<string> SitemapUrls => [$"{Site}/robots.txt"];

        protected override IReadOnlyList<(string Pattern, ParseCallback Callback)> SitemapRules => [("/product/", new(ParseProduct))];

        protected override IReadOnlyList<string> SitemapFollow => ["products"];

        private IEnumerable<object> ParseProduct(Response response)
        {
            yield return new Product(response.Url.AbsolutePath, response.SelectText("h1")!);
        }
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    [Fact]
    public async Task Sitemaps_RobotsSitemapLinesIndexesAndGzipAreFollowed()
    {
        var site = new CannedResponses()
            .Text($"{Site}/robots.txt", "User-agent: *\nDisallow: /private/\nSitemap: /sitemap_index.xml\n", "text/plain")
            .Text($"{Site}/sitemap_index.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <sitemap><loc>https://shop.test/sitemap-products.xml.gz</loc></sitemap>
                  <sitemap><loc>https://shop.test/sitemap-blog.xml</loc></sitemap>
                </sitemapindex>
                """, "application/xml")
            .Bytes($"{Site}/sitemap-products.xml.gz", Gzip("""
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>https://shop.test/product/1</loc></url><url><loc>https://shop.test/about</loc></url>
                  <url><loc>https://shop.test/product/2</loc></url><url><loc>https://shop.test/private/product/3</loc></url>
                </urlset>
                """), "application/gzip")
            .Html($"{Site}/product/1", "<h1>One</h1>")
            .Html($"{Site}/product/2", "<h1>Two</h1>");

        var result = await SpiderTest.RunAsync(new ShopSitemapSpider(), site);

        Assert.Equal(["/product/1", "/product/2"], result.ItemsOf<Product>().Select(p => p.Url).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.Requests, url => url.AbsolutePath is "/sitemap-blog.xml" or "/about" or "/private/product/3");
        Assert.Equal(1, result.Stats.DroppedRequests["robots"]);
    }

    [Fact]
    public void Sitemaps_ParserReadsPlainTextAndSurvivesBrokenXml()
    {
        var url = new Uri($"{Site}/sitemap.txt");

        Assert.Equal([new Uri($"{Site}/a"), new Uri($"{Site}/b")], SitemapParser.Parse(Encoding.UTF8.GetBytes("https://shop.test/a\n\nnot a url\n/relative\nhttps://shop.test/b\n"), url).Locations);
        Assert.Equal([new Uri($"{Site}/a")], SitemapParser.Parse(Encoding.UTF8.GetBytes("<urlset><url><loc>https://shop.test/a</loc></url><url><loc>broken"), url).Locations);
    }

    private sealed class SearchSpider : Spider
    {
        public override IEnumerable<string> StartUrls => [$"{Site}/search"];

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return response.SubmitForm(new Dictionary<string, string?> { ["q"] = "red shoes" }, ParseResultsAsync);
            await Task.CompletedTask;
        }

        private async IAsyncEnumerable<object> ParseResultsAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new Product(response.Url.PathAndQuery, response.SelectText("h1")!);
            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Response_SubmitFormBuildsTheBrowsersRequest()
    {
        var site = new CannedResponses()
            .Html($"{Site}/search", """<form action="/results"><input type="hidden" name="lang" value="en"><input name="q"></form>""")
            .Html($"{Site}/results?lang=en&q=red+shoes", "<h1>2 results</h1>");

        var result = await SpiderTest.RunAsync(new SearchSpider(), site, o => o.ObeyRobotsTxt = false);

        Assert.Equal([new Product("/results?lang=en&q=red+shoes", "2 results")], result.ItemsOf<Product>());
        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
    }

    [Fact]
    public async Task Testing_CannedResponsesAnswer404ForUnknownUrlsAndTheRunSaysSo()
    {
        var result = await SpiderTest.RunAsync(new SearchSpider(), new CannedResponses(), o => o.ObeyRobotsTxt = false);

        Assert.Empty(result.Items);
        Assert.Equal([new Uri($"{Site}/search")], result.Requests);
        Assert.Equal(1, result.Stats.ResponsesByStatus[(int)HttpStatusCode.NotFound]);
    }
}
