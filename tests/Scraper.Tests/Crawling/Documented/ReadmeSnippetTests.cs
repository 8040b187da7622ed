using System.Text.Json;
using Scraper.Crawling;
using Scraper.Crawling.Engine;
using Scraper.Items;
using Scraper.Testing;

namespace Scraper.Tests.Crawling.Documented;

/// <summary>
/// Every <c>```csharp</c> block of README.md compiles as shown (a fragment with the context file its HTML comment
/// names), and the quick-start spider does what the README says.
/// </summary>
public sealed class ReadmeSnippetTests
{
    private const string QuickStart = "A spider in ten lines #1";

    public static TheoryData<string> Snippets()
    {
        var data = new TheoryData<string>();
        foreach (var snippet in ReadmeSnippets.All())
        {
            data.Add(snippet.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Readme_CSharpSnippetCompilesAsShown(string id)
    {
        var snippet = ReadmeSnippets.Find(id);

        var (_, problems) = SnippetCompiler.Compile(snippet.Code, snippet.Context);

        Assert.True(problems.Count == 0, $"README.md:{snippet.Line} ({id}) does not compile cleanly:\n{string.Join('\n', problems)}");
    }

    [Fact]
    public void Readme_SnippetTestSeesEveryBlockAndRejectsOnesItCouldMiss()
    {
        Assert.Contains(ReadmeSnippets.All(), snippet => snippet.Id == QuickStart);
        Assert.Throws<InvalidDataException>(() => ReadmeSnippets.Parse(["## Title", "```cs", "var x = 1;", "```"]));
        var fragment = Assert.Single(ReadmeSnippets.Parse(["### Part", "<!-- compiled with tests/X.cs -->", "```csharp", "Run();", "```"]));
        Assert.Equal(new ReadmeSnippet("Part #1", 3, "Run();", "tests/X.cs"), fragment);
    }

    [Fact]
    public void SnippetCompiler_ASnippetThatDoesNotCompileIsReportedWithItsError()
    {
        var (image, problems) = SnippetCompiler.Compile("var crawler = new Crawler(new NoSuchSpider());");

        Assert.Null(image);
        Assert.Contains(problems, problem => problem.Contains("NoSuchSpider", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readme_QuickStartSpiderScrapesEveryPageIntoItsFile()
    {
        var snippet = ReadmeSnippets.Find(QuickStart);
        var (image, problems) = SnippetCompiler.Compile(snippet.Code);
        Assert.True(image is not null, string.Join('\n', problems));
        var spider = (Spider)Activator.CreateInstance(SnippetCompiler.Load(image).GetType("BooksSpider", throwOnError: true)!)!;
        var path = Path.Combine(Path.GetTempPath(), $"books-{Guid.NewGuid():N}.jsonl");
        try
        {
            // The README's crawler, with canned pages for the site and a file of the test's own.
            var result = await new Crawler(spider, services: new CrawlerServices { Exporters = { ItemExporters.ForFile(path) }, HandlerFactory = _ => BooksSite() }).RunAsync();

            Assert.Equal(CrawlOutcome.Completed, result.Outcome);
            var books = File.ReadAllLines(path).Select(line => JsonSerializer.Deserialize<JsonElement>(line))
                .Select(book => (book.GetProperty("title").GetString(), book.GetProperty("price").GetString()));
            Assert.Equal([("Dune", "£9.99"), ("Emma", "£4.50"), ("Ulysses", "£12.00")], books.OrderBy(book => book.Item1, StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Crawler_WithoutALoggerFactoryLogsToTheConsole()
    {
        Assert.IsType<ConsoleLoggerFactory>(new CrawlerServices().LoggerFactory);
    }

    [Fact]
    public async Task ConsoleLog_CrawlShowsItsStartProgressAndSummaryOneLineEach()
    {
        var console = new StringWriter();
        var services = new CrawlerServices { LoggerFactory = new ConsoleLoggerFactory(console), HandlerFactory = _ => BooksSite() };
        var options = new CrawlOptions { StatsInterval = TimeSpan.FromMilliseconds(1) };

        var spider = new TitlesSpider();
        await new Crawler(spider, options, services).RunAsync();

        var lines = console.ToString().Split(Environment.NewLine);
        Assert.Matches(@"^\d\d:\d\d:\d\d INF Spider titles started$", lines[0]);
        Assert.Contains(lines, line => line.Contains(" INF Spider titles finished (Completed) in ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line == "  items: 3");
        Assert.DoesNotContain(lines, line => line.Contains(" DBG ", StringComparison.Ordinal));
    }

    private static CannedResponses BooksSite() => new CannedResponses()
        .Html("https://books.example/", """
            <article class="book"><h3>Dune</h3><span class="price">£9.99</span></article>
            <article class="book"><h3>Emma</h3><span class="price">£4.50</span></article>
            <ul><li class="next"><a href="/page-2">next</a></li></ul>
            """)
        .Html("https://books.example/page-2", """<article class="book"><h3>Ulysses</h3><span class="price">£12.00</span></article>""");

    private sealed class TitlesSpider : Spider
    {
        public override IEnumerable<string> StartUrls => ["https://books.example/"];

        public override IEnumerable<object> Parse(Response response)
        {
            foreach (var title in response.Css("h3"))
            {
                yield return new { title = title.TextContent };
            }

            foreach (var next in response.FollowAll("li.next a"))
            {
                yield return next;
            }
        }
    }
}
