// What README.md's "A plain Crawler in your own program" snippet is compiled with (ReadmeSnippetTests): the spider
// of "A spider in ten lines", which the reader already has.
using Scraper.Crawling;

public sealed class BooksSpider : Spider
{
    public override IEnumerable<string> StartUrls => ["https://books.example/"];

    public override IEnumerable<object> Parse(Response response)
    {
        foreach (var title in response.Css("article.book h3"))
        {
            yield return new { title = title.TextContent };
        }
    }
}
