// bench/crawl/run.sh copies this over the ProductsSpider.cs of a project made by `scraper new BenchShop`: the one
// change a user makes to crawl their own site (here the benchmark's, the crawl of Scraper.CrawlBench's BenchSpider:
// every link from "/", one item per product page). Program.cs, the project file and appsettings.json stay as made.
using Scraper.Crawling;

namespace BenchShop;

/// <summary>Follows every link of the shop and scrapes each product page.</summary>
/// <param name="shop">The shop's address.</param>
public sealed class ProductsSpider(Uri shop) : Spider
{
    /// <inheritdoc />
    public override IEnumerable<string> StartUrls => [shop.AbsoluteUri];

    /// <inheritdoc />
    public override IEnumerable<string> AllowedDomains => [shop.Host];

    /// <inheritdoc />
    public override IEnumerable<object> Parse(Response response)
    {
        if (response.Url.AbsolutePath.Contains("/product/", StringComparison.Ordinal))
        {
            yield return new Product(
                Url: response.Url.AbsoluteUri,
                Name: response.SelectText("h1.product-name") ?? string.Empty,
                Price: response.SelectText("div.offer span.price") ?? string.Empty);
        }

        foreach (var link in response.FollowAll("a[href]"))
        {
            yield return link;
        }
    }
}
