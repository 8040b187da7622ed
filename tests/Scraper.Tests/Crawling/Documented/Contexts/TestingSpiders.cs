// What README.md's "Testing your spiders" snippet is compiled with (ReadmeSnippetTests): the test's usings and
// the spider under test.
global using Scraper.Crawling;
global using Scraper.Testing;
global using Xunit;

public sealed class TitleSpider : Spider
{
    public override IEnumerable<string> StartUrls => ["https://shop.test/"];

    public override IEnumerable<object> Parse(Response response)
    {
        yield return new Title(response.SelectText("h1")!);
    }
}

public sealed record Title(string Text);
