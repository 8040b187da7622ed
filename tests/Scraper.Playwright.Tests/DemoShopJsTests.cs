using System.Globalization;
using DemoShop;
using Scraper.Crawling;
using Scraper.Items;
using JsShop;

namespace Scraper.Playwright.Tests;

/// <summary>
/// The demo shop's JavaScript section, crawled exactly by the example spider (examples/JsShop): its
/// listing exists only after scripts ran, its next page only behind a click, its member prices only for a
/// session logged in over HTTP.
/// </summary>
public sealed class DemoShopJsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Crawl_JsListingAfterHttpLogin_EveryProductOnceWithItsMemberPrice()
    {
        await using var shop = await DemoShopServer.StartAsync(new DemoShopOptions { ProductCount = 30, PageSize = 12 });

        var (result, products) = await CrawlAsync(shop);

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        AssertEveryProductOnceWithMemberPrice(shop, products);
        Assert.Equal(3, result.Stats.Events["playwright/pages"]);
        Assert.Equal(1, shop.Logins);
    }

    [Fact]
    public async Task Crawl_JsListingSessionRevokedMidCrawl_DetectorSeesTheRenderedGuestPageAndLogsInOnceMore()
    {
        // The shop loses its sessions as the second page's script asks for its products: that page renders for a guest.
        await using var shop = await DemoShopServer.StartAsync(new DemoShopOptions { ProductCount = 30, PageSize = 12, RevokeLoginsAt = "/js/api/products?page=2" });

        var (result, products) = await CrawlAsync(shop);

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        AssertEveryProductOnceWithMemberPrice(shop, products);
        Assert.Equal(2, shop.Logins);
        Assert.Equal(2, result.Stats.Logins);
        // The guest's rendering of page 2 was replayed, not handed to the callback.
        Assert.Equal(4, result.Stats.Events["playwright/pages"]);
    }

    [Fact]
    public async Task Crawl_JsListingOverPlainHttp_FindsNoProduct()
    {
        await using var shop = await DemoShopServer.StartAsync(new DemoShopOptions { ProductCount = 30, PageSize = 12 });
        var cards = -1;

        await browser.CrawlAsync(new Request(new Uri(shop.BaseAddress, "/js/"), response =>
        {
            cards = response.Css(".product-card").Length;
            return [];
        }));

        Assert.Equal(0, cards);
    }

    private async Task<(CrawlResult Result, IReadOnlyList<JsProduct> Products)> CrawlAsync(DemoShopServer shop)
    {
        var items = new CollectingExporter();
        var services = new CrawlerServices { DownloadHandlers = { browser.Handler }, Exporters = { items } };
        var result = await new Crawler(new JsShopSpider(shop.BaseAddress, "demo", "demo"), BrowserFixture.Options(), services).RunAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (result, [.. items.Items.Cast<JsProduct>()]);
    }

    private static void AssertEveryProductOnceWithMemberPrice(DemoShopServer shop, IReadOnlyList<JsProduct> products)
    {
        Assert.Equal(shop.Catalog.Products.Select(p => p.Sku), products.Select(p => p.Sku).Order(StringComparer.Ordinal));
        Assert.All(products, p => Assert.Equal(Money(shop.Catalog.Products.Single(c => c.Sku == p.Sku).MemberPrice), p.MemberPrice));
    }

    private static string Money(decimal value) => "$" + value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Keeps the crawl's items in memory, in the order they were exported.</summary>
    private sealed class CollectingExporter : IItemExporter
    {
        private readonly List<object> _items = [];
        private readonly Lock _lock = new();

        public IReadOnlyList<object> Items
        {
            get
            {
                lock (_lock)
                {
                    return [.. _items];
                }
            }
        }

        public ValueTask OpenAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask ExportAsync(object item, CancellationToken cancellationToken = default)
        {
            lock (_lock)
            {
                _items.Add(item);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
