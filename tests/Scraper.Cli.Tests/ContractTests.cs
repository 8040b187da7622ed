using Scraper.Crawling;
using Scraper.Crawling.Contracts;

namespace Scraper.Cli.Tests;

public sealed class ContractTests
{
    [Fact]
    public async Task Contracts_MetAndUnmetExpectations_PassAndFailPerCallback()
    {
        await using var site = await TestSite.StartAsync();
        var output = new StringWriter();

        var exit = await SpiderContracts.CheckAsync(new ContractedSpider(site.Address), output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(1, exit);
        Assert.Equal($"PASS Parse {site.At("/")}: 1 items, 2 requests", lines[0]);
        Assert.Equal($"FAIL CountsWrong {site.At("/second")}: 1 items, 0 requests; expected 2 items, got 1; expected at least 1 requests, got 0", lines[1]);
        Assert.Equal($"FAIL FieldMissing {site.At("/second")}: 1 items, 0 requests; item 0 has no title", lines[2]);
        Assert.Equal($"FAIL ErrorPage {site.At("/missing")}: 0 items, 0 requests; the sample page answered 404", lines[3]);
        Assert.StartsWith($"FAIL Throws {site.At("/second")}: 0 items, 0 requests; InvalidOperationException: Throws threw FormatException: bad price", lines[4], StringComparison.Ordinal);
        Assert.Equal($"PASS WithState {site.At("/third")}: 1 items, 0 requests", lines[5]);
        Assert.Equal("2 passed, 4 failed", lines[6]);
    }

    [Fact]
    public async Task Contracts_NoneDeclared_FailsSayingSo()
    {
        var output = new StringWriter();

        var exit = await SpiderContracts.CheckAsync(new PlainSpider(), output);

        Assert.Equal(1, exit);
        Assert.Contains("has no [Contract] callbacks", output.ToString(), StringComparison.Ordinal);
    }

    private sealed class PlainSpider : Spider;

    private sealed class ContractedSpider(Uri site) : Spider
    {
        public override IEnumerable<string> StartUrls => [site.AbsoluteUri];

        [Contract("/")]
        [Returns(Items = 1, Requests = 2)]
        [Scrapes("Title")]
        public override IEnumerable<object> Parse(Response response)
        {
            yield return new Page(response.SelectText("h1") ?? string.Empty);
            foreach (var link in response.FollowAll("li.item a"))
            {
                yield return link;
            }
        }

        [Contract("second")]
        [Returns(Items = 2, MinRequests = 1)]
        private IEnumerable<object> CountsWrong(Response response)
        {
            yield return new Page(response.SelectText("h1")!);
        }

        [Contract("/second")]
        [Scrapes("title")]
        private IEnumerable<object> FieldMissing(Response response)
        {
            yield return new Page(response.SelectText("h2") ?? string.Empty);
        }

        [Contract("/missing")]
        private IEnumerable<object> ErrorPage(Response response)
        {
            yield return new Page("never");
        }

        [Contract("/second")]
        private IEnumerable<object> Throws(Response response) => throw new FormatException("bad price");

        [Contract("/third", State = "tools")]
        [Returns(Items = 1)]
        [Scrapes("Title")]
        private async IAsyncEnumerable<object> WithState(Response response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new Page(response.State<string>());
        }
    }

    private sealed record Page(string Title);
}
