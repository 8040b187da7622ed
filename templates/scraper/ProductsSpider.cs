using Scraper.Crawling;
using Scraper.Crawling.Contracts;

namespace ScraperProject;

/// <summary>Walks every category of the shop and its pages, and scrapes each product page.</summary>
/// <param name="shop">The shop's address.</param>
public sealed class ProductsSpider(Uri shop) : Spider
{
    /// <inheritdoc />
    public override IEnumerable<string> StartUrls => [shop.AbsoluteUri];

    /// <inheritdoc />
    public override IEnumerable<string> AllowedDomains => [shop.Host];

    /// <summary>The home page: one request per category.</summary>
    /// <inheritdoc />
    [Contract("/")]
    [Returns(Items = 0, MinRequests = 1)]
    public override IEnumerable<object> Parse(Response response) => response.FollowAll("nav.categories a", ParseCategory);

    /// <summary>A listing page: its products, and the next page.</summary>
    /// <param name="response">The page.</param>
    /// <returns>Requests for the product pages and the next listing page.</returns>
    [Contract("/category/books")]
    [Returns(Items = 0, MinRequests = 2)]
    public IEnumerable<object> ParseCategory(Response response)
    {
        foreach (var product in response.FollowAll("article.product-card:not(.discontinued) a.product-link", ParseProduct))
        {
            yield return product;
        }

        foreach (var next in response.FollowAll("nav.pagination a.next", ParseCategory))
        {
            yield return next;
        }
    }

    /// <summary>A product page: the item.</summary>
    /// <param name="response">The page.</param>
    /// <returns>One product.</returns>
    [Contract("/product/1")]
    [Returns(Items = 1, Requests = 0)]
    [Scrapes("Name", "Price", "Url")]
    public IEnumerable<object> ParseProduct(Response response)
    {
        yield return new Product(
            Url: response.Url.AbsoluteUri,
            Name: response.SelectText("h1.product-name") ?? string.Empty,
            Price: response.SelectText("span.price") ?? string.Empty);
    }
}
