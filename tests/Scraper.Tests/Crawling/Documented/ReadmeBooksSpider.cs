// This file mirrors README.md's "A spider in ten lines" verbatim (DocumentedSpiderTests runs it): change both together.
#pragma warning disable IDE0011 // The README drops braces around one-line loop bodies to stay short.
using Scraper.Crawling;

namespace Scraper.Tests.Crawling.Documented.Readme;

public sealed class BooksSpider : Spider
{
    public override IEnumerable<string> StartUrls => ["https://books.example/"];

    public override IEnumerable<object> Parse(Response response)
    {
        foreach (var book in response.Css("article.book"))
            yield return new Book(book.SelectText("h3")!, book.SelectText(".price")!);
        foreach (var next in response.FollowAll("li.next a"))
            yield return next;
    }
}

public sealed record Book(string Title, string Price);
