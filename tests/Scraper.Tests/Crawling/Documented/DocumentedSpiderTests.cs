using System.Text.Json;
using Scraper.Crawling;
using Scraper.Items;
using Scraper.Testing;

namespace Scraper.Tests.Crawling.Documented;

/// <summary>The spiders the documentation shows compile (their copies here are verbatim) and do what it says.</summary>
public sealed class DocumentedSpiderTests
{
    private static CannedResponses ReadmeSite() => new CannedResponses()
        .Html("https://books.example/", """
            <article class="book"><h3>Dune</h3><span class="price">£9.99</span></article>
            <article class="book"><h3>Emma</h3><span class="price">£4.50</span></article>
            <ul><li class="next"><a href="/page-2">next</a></li></ul>
            """)
        .Html("https://books.example/page-2", """<article class="book"><h3>Ulysses</h3><span class="price">£12.00</span></article>""");

    [Fact]
    public async Task Readme_TenLineSpiderScrapesEveryPageIntoTheFileItNames()
    {
        var path = Path.Combine(Path.GetTempPath(), $"books-{Guid.NewGuid():N}.jsonl");
        try
        {
            // The README's line, with canned pages for the site and a file of the test's own.
            var result = await new Crawler(new Readme.BooksSpider(), services: new CrawlerServices { Exporters = { ItemExporters.ForFile(path) }, HandlerFactory = _ => ReadmeSite() }).RunAsync();

            Assert.Equal(CrawlOutcome.Completed, result.Outcome);
            var books = File.ReadAllLines(path).Select(line => JsonSerializer.Deserialize<Readme.Book>(line, JsonSerializerOptions.Web)!);
            Assert.Equal([new("Dune", "£9.99"), new("Emma", "£4.50"), new("Ulysses", "£12.00")], books.OrderBy(b => b.Title, StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SpiderDoc_ExampleFollowsEachBookToItsOwnCallbackAndTheNextPage()
    {
        var site = new CannedResponses()
            .Html("https://books.toscrape.com/", """
                <article class="product_pod"><h3><a href="catalogue/dune/index.html">Dune</a></h3></article>
                <ul class="pager"><li class="next"><a href="catalogue/page-2.html">next</a></li></ul>
                """)
            .Html("https://books.toscrape.com/catalogue/page-2.html", """<article class="product_pod"><h3><a href="emma/index.html">Emma</a></h3></article>""")
            .Html("https://books.toscrape.com/catalogue/dune/index.html", """<div class="product_main"><h1>Dune</h1><p class="price_color">£9.99</p></div>""")
            .Html("https://books.toscrape.com/catalogue/emma/index.html", """<div class="product_main"><h1>Emma</h1><p class="price_color">£4.50</p></div>""");

        var result = await SpiderTest.RunAsync(new SpiderDoc.BooksSpider(), site);

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal([new("Dune", "£9.99"), new("Emma", "£4.50")], result.ItemsOf<SpiderDoc.Book>().OrderBy(b => b.Title, StringComparer.Ordinal));
    }
}
