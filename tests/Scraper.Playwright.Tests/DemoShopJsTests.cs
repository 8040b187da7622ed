using System.Collections.Concurrent;
using System.Globalization;
using DemoShop;
using Scraper.Crawling;
using Scraper.Http;

namespace Scraper.Playwright.Tests;

/// <summary>The demo shop's JavaScript section, crawled exactly: its listing exists only after scripts ran, its next page only behind a click.</summary>
public sealed class DemoShopJsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Crawl_JsListingAfterHttpLogin_EveryProductOnceWithItsMemberPrice()
    {
        await using var shop = await DemoShopServer.StartAsync(new DemoShopOptions { ProductCount = 30, PageSize = 12 });
        var spider = new JsShopSpider(shop.BaseAddress);

        var result = await browser.CrawlAsync(spider);

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal(shop.Catalog.Products.Select(p => p.Sku), spider.Products.Select(p => p.Sku).Order(StringComparer.Ordinal));
        Assert.All(spider.Products, p => Assert.Equal(Money(shop.Catalog.Products.Single(c => c.Sku == p.Sku).MemberPrice), p.MemberPrice));
        Assert.Equal(3, result.Stats.Events["playwright/pages"]);
        Assert.Equal(1, shop.Logins);
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

    private static string Money(decimal value) => "$" + value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Logs in over HTTP, then renders the listing and clicks through its pages.</summary>
    private sealed class JsShopSpider(Uri shop) : Spider
    {
        private static readonly RenderOptions Listing = new() { WaitFor = [RenderWait.ForSelector("body[data-ready]")] };

        public ConcurrentBag<JsCard> Products { get; } = [];

        public override IEnumerable<string> AllowedDomains => [shop.Host];

        public override async IAsyncEnumerable<Request> StartRequestsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new Request(new Uri(shop, "/js/")).Rendered(Listing);
        }

        public override async Task LoginAsync(Session session, CancellationToken cancellationToken = default)
        {
            var page = await session.GetDocumentAsync(new Uri(shop, "/login").AbsoluteUri, cancellationToken);
            await session.SubmitFormAsync(page, new Dictionary<string, string?> { ["username"] = "demo", ["password"] = "demo" }, cancellationToken: cancellationToken);
        }

        public override IEnumerable<object> Parse(Response response)
        {
            foreach (var card in response.Css(".product-card"))
            {
                var product = new JsCard(card.GetAttribute("data-sku")!, card.SelectText(".price")!, card.SelectText(".member-price"));
                Products.Add(product);
                yield return product;
            }

            if (response.Css("button.next").Length > 0)
            {
                // The next page has no URL in the page: render this one again and click.
                yield return new Request(response.Url) { DontFilter = true }.Rendered(Listing with
                {
                    Actions = [PageAction.Click("button.next", then: RenderWait.ForSelector("body[data-ready]"))],
                });
            }
        }
    }

    private sealed record JsCard(string Sku, string Price, string? MemberPrice);
}
