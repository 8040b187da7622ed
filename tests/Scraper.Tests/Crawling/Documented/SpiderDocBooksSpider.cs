// This file mirrors the <example> in src/Scraper/Crawling/Spider.cs verbatim (DocumentedSpiderTests runs it): change both together.
#pragma warning disable IDE0011 // The example drops braces around one-line loop bodies to stay short.
using Scraper.Crawling;

namespace Scraper.Tests.Crawling.Documented.SpiderDoc;

public sealed class BooksSpider : Spider
{
    public override IEnumerable<string> StartUrls => ["https://books.toscrape.com/"];

    public override IEnumerable<object> Parse(Response response)
    {
        foreach (var book in response.FollowAll("article.product_pod h3 a", ParseBook))
            yield return book;
        foreach (var next in response.FollowAll("li.next a"))
            yield return next;
    }

    private IEnumerable<object> ParseBook(Response response)
    {
        yield return new Book(response.SelectText("div.product_main h1")!, response.SelectText("p.price_color")!);
    }
}

public sealed record Book(string Title, string Price);
