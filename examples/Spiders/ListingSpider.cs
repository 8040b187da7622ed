using Scraper.Crawling;

namespace Spiders;

/// <summary>Follows links: every category and every listing page, one item per product card. No login needed.</summary>
public sealed class ListingSpider(Uri shop) : Spider
{
    public override IEnumerable<string> StartUrls => [shop.AbsoluteUri];

    public override IEnumerable<object> Parse(Response response)
    {
        foreach (var card in response.Css("article.product-card:not(.discontinued)"))
        {
            yield return new ListedProduct(card.SelectText("a.product-link")!, card.SelectText("span.price")!);
        }

        foreach (var link in response.FollowAll("nav.categories a, nav.pagination a.next"))
        {
            yield return link;
        }
    }
}

public sealed record ListedProduct(string Name, string Price);
