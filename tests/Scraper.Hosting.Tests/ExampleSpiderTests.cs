using System.Globalization;
using DemoShop;
using Scraper.Crawling;
using Scraper.Testing;
using Spiders;

namespace Scraper.Hosting.Tests;

/// <summary>The three example spiders against the demo shop, through Scraper.Testing.</summary>
public sealed class ExampleSpiderTests : IAsyncLifetime
{
    private DemoShopServer _shop = null!;

    public async Task InitializeAsync() => _shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = "pw", CrawlDelaySeconds = 0 });

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task Examples_ListingSpiderFollowsCategoriesAndPagination()
    {
        var result = await SpiderTest.RunAsync(new ListingSpider(_shop.BaseAddress));

        var listed = result.ItemsOf<ListedProduct>();
        Assert.Equal(_shop.Catalog.Products.Select(p => p.Name).Order(StringComparer.Ordinal), listed.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.Requests, url => url.AbsolutePath.StartsWith("/admin/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Examples_MemberSpiderLogsInOnceAndSeesMemberPrices()
    {
        var result = await SpiderTest.RunAsync(new MemberSpider(_shop.BaseAddress, "demo", "pw"));

        var prices = result.ItemsOf<MemberPrice>().OrderBy(p => p.Sku, StringComparer.Ordinal).ToList();
        Assert.Equal(10, prices.Count);
        Assert.Equal(
            _shop.Catalog.Products.Take(10).Select(p => "$" + p.MemberPrice.ToString("0.00", CultureInfo.InvariantCulture)),
            prices.Select(p => p.Price));
        Assert.Equal(1, _shop.Logins);
    }

    [Fact]
    public async Task Examples_ApiSpiderFollowsJsonPaginationWithABearerToken()
    {
        var result = await SpiderTest.RunAsync(new ApiSpider(_shop.BaseAddress, "demo", "pw"));

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal(_shop.Catalog.Products.Select(p => p.Sku), result.ItemsOf<ApiProduct>().Select(p => p.Sku).Order(StringComparer.Ordinal));
        Assert.Equal(12, result.Requests.Count(url => url.AbsolutePath == "/api/products"));
    }
}
