using Scraper.Crawling;
using Scraper.Testing;

namespace Scraper.Tests.Crawling.Documented;

/// <summary>The spider of Spider's XML docs compiles (its copy here is verbatim) and does what it says; README.md's are in <see cref="ReadmeSnippetTests"/>.</summary>
public sealed class DocumentedSpiderTests
{
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
