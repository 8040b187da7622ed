using System.Runtime.CompilerServices;
using System.Text;
using Scraper.Crawling;
using Scraper.Items;
using Scraper.Tests.Http;
using WireRequest = WireMock.RequestBuilders.Request;
using Response = Scraper.Crawling.Response;
using WireResponse = WireMock.ResponseBuilders.Response;
using WireMock.Server;

namespace Scraper.Tests.Crawling;

public sealed class CrawlerTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Dispose();

    private sealed record Title(string Url, string Text);

    /// <summary>Follows every link and yields each page's title: the ten-line spider.</summary>
    private sealed class TitleSpider(params string[] startUrls) : Spider
    {
        public override IEnumerable<string> StartUrls => startUrls;

        public List<string> AllowedHosts { get; } = [];

        public override IEnumerable<string> AllowedDomains => AllowedHosts;

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new Title(response.Url.AbsolutePath, response.SelectText("h1") ?? "");
            foreach (var link in response.FollowAll("a"))
            {
                yield return link;
            }

            await Task.CompletedTask;
        }
    }

    private static CrawlOptions FastOptions(Action<CrawlOptions>? configure = null)
    {
        var options = new CrawlOptions { Retry = { BaseDelay = TimeSpan.FromMilliseconds(1) }, RandomizeDelay = false };
        configure?.Invoke(options);
        return options;
    }

    private static async Task<(CrawlResult Result, List<string> Lines)> RunAsync(Spider spider, CrawlOptions? options = null, IList<IItemPipeline>? pipelines = null, CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream();
        await using var exporter = new JsonLinesExporter(output);
        var services = new CrawlerServices { Exporters = { exporter }, Pipelines = pipelines ?? [] };
        var result = await new Crawler(spider, options ?? FastOptions(), services).RunAsync(cancellationToken);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        return (result, lines);
    }

    [Fact]
    public async Task Crawl_LinkLoopsFetchEachPageOnceAndEveryItemIsExported()
    {
        _server.Page("/", "<h1>Home</h1><a href='/a'>a</a><a href='/b#top'>b</a>");
        _server.Page("/a", "<h1>A</h1><a href='/'>home</a><a href='/b'>b</a><a href='/a?'>self</a>");
        _server.Page("/b", "<h1>B</h1><a href='/a'>a</a><a href='mailto:x@y.test'>mail</a>");

        var (result, lines) = await RunAsync(new TitleSpider(_server.At("/").AbsoluteUri));

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal(
            ["{\"url\":\"/\",\"text\":\"Home\"}", "{\"url\":\"/a\",\"text\":\"A\"}", "{\"url\":\"/b\",\"text\":\"B\"}"],
            lines.Order(StringComparer.Ordinal));
        foreach (var path in new[] { "/", "/a", "/b" })
        {
            Assert.Single(_server.Requests(path));
        }

        Assert.Equal(3, result.Stats.Items);
    }

    [Fact]
    public async Task Crawl_OffsiteLinksAreDroppedAndCounted()
    {
        var otherHost = _server.AtOtherHost("/elsewhere").AbsoluteUri;
        _server.Page("/", $"<h1>Home</h1><a href='{otherHost}'>away</a><a href='/in'>in</a>");
        _server.Page("/in", "<h1>In</h1>");
        var spider = new TitleSpider(_server.At("/").AbsoluteUri);
        spider.AllowedHosts.Add(new Uri(_server.Url!).Host);

        var (result, lines) = await RunAsync(spider);

        Assert.Equal(2, lines.Count);
        Assert.Empty(_server.Requests("/elsewhere"));
        Assert.Equal(1, result.Stats.DroppedRequests["offsite"]);
    }

    [Fact]
    public async Task Crawl_RobotsDisallowIsObeyedAndCounted()
    {
        _server.Robots("User-agent: *\nDisallow: /private\n");
        _server.Page("/", "<h1>Home</h1><a href='/private/x'>p</a><a href='/public'>q</a>");
        _server.Page("/public", "<h1>Public</h1>");
        _server.Page("/private/x", "<h1>Secret</h1>");

        var (result, lines) = await RunAsync(new TitleSpider(_server.At("/").AbsoluteUri));

        Assert.Equal(2, lines.Count);
        Assert.Empty(_server.Requests("/private/x"));
        Assert.Single(_server.Requests("/robots.txt"));
        Assert.Equal(1, result.Stats.DroppedRequests["robots"]);
    }

    [Fact]
    public async Task Crawl_RobotsCanBeIgnoredPerSpider()
    {
        _server.Robots("User-agent: *\nDisallow: /\n");
        _server.Page("/", "<h1>Home</h1>");

        var (_, lines) = await RunAsync(new TitleSpider(_server.At("/").AbsoluteUri), FastOptions(o => o.ObeyRobotsTxt = false));

        Assert.Single(lines);
        Assert.Empty(_server.Requests("/robots.txt"));
    }

    [Fact]
    public async Task Crawl_A503StormRecoversByRetrying()
    {
        _server.Given(WireRequest.Create().WithPath("/flaky")).InScenario("storm").WillSetStateTo("1").RespondWith(WireResponse.Create().WithStatusCode(503));
        _server.Given(WireRequest.Create().WithPath("/flaky")).InScenario("storm").WhenStateIs("1").WillSetStateTo("2").RespondWith(WireResponse.Create().WithStatusCode(503));
        _server.Given(WireRequest.Create().WithPath("/flaky")).InScenario("storm").WhenStateIs("2")
            .RespondWith(WireResponse.Create().WithHeader("Content-Type", "text/html").WithBody("<h1>Back</h1>"));

        var (result, lines) = await RunAsync(new TitleSpider(_server.At("/flaky").AbsoluteUri));

        Assert.Equal(["{\"url\":\"/flaky\",\"text\":\"Back\"}"], lines);
        Assert.Equal(3, _server.Requests("/flaky").Count);
        Assert.Equal(2, result.Stats.Retries);
    }

    [Fact]
    public async Task Crawl_PermanentFailureIsCountedAndTheCrawlGoesOn()
    {
        _server.Page("/", "<h1>Home</h1><a href='/broken'>x</a><a href='/fine'>y</a>");
        _server.Page("/broken", "oops", status: 500);
        _server.Page("/fine", "<h1>Fine</h1>");

        var (result, lines) = await RunAsync(new TitleSpider(_server.At("/").AbsoluteUri), FastOptions(o => o.Retry.MaxRetries = 1));

        Assert.Equal(2, lines.Count);
        Assert.Equal(2, _server.Requests("/broken").Count);
        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal(1, result.Stats.Errors["HttpStatusException"]);
    }

    [Fact]
    public async Task Crawl_ExceptionInACallbackIsCountedAndTheCrawlGoesOn()
    {
        _server.Page("/", "<h1>Home</h1><a href='/boom'>x</a><a href='/ok'>y</a>");
        _server.Page("/boom", "<h1>Boom</h1>");
        _server.Page("/ok", "<h1>Ok</h1>");

        var (result, lines) = await RunAsync(new ThrowingSpider(_server.At("/").AbsoluteUri));

        Assert.Equal(2, lines.Count);
        Assert.Equal(1, result.Stats.Errors["InvalidOperationException"]);
    }

    private sealed class ThrowingSpider(string start) : Spider
    {
        public override IEnumerable<string> StartUrls => [start];

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (response.Url.AbsolutePath == "/boom")
            {
                throw new InvalidOperationException("parse failed");
            }

            yield return new Title(response.Url.AbsolutePath, response.SelectText("h1") ?? "");
            foreach (var link in response.FollowAll("a"))
            {
                yield return link;
            }

            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Items_APipelineThatThrowsOnOneItemLetsTheRestPassAndDropsAreCounted()
    {
        _server.Page("/", "<h1>Home</h1><a href='/bad'>x</a><a href='/skip'>y</a><a href='/good'>z</a>");
        _server.Page("/bad", "<h1>Bad</h1>");
        _server.Page("/skip", "<h1>Skip</h1>");
        _server.Page("/good", "<h1>Good</h1>");

        var (result, lines) = await RunAsync(new TitleSpider(_server.At("/").AbsoluteUri), pipelines: [new PickyPipeline()]);

        Assert.Equal(["{\"url\":\"/\",\"text\":\"HOME\"}", "{\"url\":\"/good\",\"text\":\"GOOD\"}"], lines.Order(StringComparer.Ordinal));
        Assert.Equal(1, result.Stats.DroppedItems["skipped on purpose"]);
        Assert.Equal(1, result.Stats.Errors["FormatException"]);
    }

    private sealed class PickyPipeline : ItemPipeline<Title>
    {
        protected override ValueTask<Title> ProcessAsync(Title item, ItemContext context, CancellationToken cancellationToken) => item.Url switch
        {
            "/bad" => throw new FormatException("cannot handle this one"),
            "/skip" => throw new DropItemException("skipped on purpose"),
            _ => ValueTask.FromResult(item with { Text = item.Text.ToUpperInvariant() }),
        };
    }

    [Fact]
    public async Task Crawl_MaxPagesStopsTheCrawl()
    {
        _server.Page("/", "<h1>Home</h1>" + string.Concat(Enumerable.Range(0, 20).Select(i => $"<a href='/p{i}'>{i}</a>")));
        for (var i = 0; i < 20; i++)
        {
            _server.Page($"/p{i}", $"<h1>{i}</h1>");
        }

        var (result, lines) = await RunAsync(new TitleSpider(_server.At("/").AbsoluteUri), FastOptions(o =>
        {
            o.MaxPages = 5;
            o.ConcurrentRequests = 1;
        }));

        Assert.Equal(CrawlOutcome.LimitReached, result.Outcome);
        Assert.Equal(5, lines.Count);
    }

    [Fact]
    public async Task Crawl_CancellationMidCrawlKeepsEveryItemAlreadyYielded()
    {
        _server.Page("/", "<h1>Home</h1>" + string.Concat(Enumerable.Range(0, 50).Select(i => $"<a href='/p{i}'>{i}</a>")));
        for (var i = 0; i < 50; i++)
        {
            _server.Page($"/p{i}", $"<h1>{i}</h1>");
        }

        using var cancel = new CancellationTokenSource();
        var spider = new CountingSpider(_server.At("/").AbsoluteUri, afterItems: 10, cancel);

        var (result, lines) = await RunAsync(spider, FastOptions(o => o.ConcurrentRequests = 2), cancellationToken: cancel.Token);

        Assert.Equal(CrawlOutcome.Cancelled, result.Outcome);
        Assert.True(spider.Yielded >= 10);
        Assert.Equal(spider.Yielded, lines.Count);
    }

    [Fact]
    public async Task Crawl_CancelledRunWithFileExporter_KeepsLastCompleteExportAndItsItemsAside()
    {
        _server.Page("/", "<h1>Home</h1>" + string.Concat(Enumerable.Range(0, 30).Select(i => $"<a href='/p{i}'>{i}</a>")));
        for (var i = 0; i < 30; i++)
        {
            _server.Page($"/p{i}", $"<h1>{i}</h1>");
        }

        var folder = Directory.CreateTempSubdirectory("scraper-crawl-export-");
        try
        {
            var output = Path.Combine(folder.FullName, "titles.jsonl");
            await using (var complete = new JsonLinesExporter(output))
            {
                var result = await new Crawler(new TitleSpider(_server.At("/").AbsoluteUri), FastOptions(), new CrawlerServices { Exporters = { complete } }).RunAsync();
                Assert.Equal(CrawlOutcome.Completed, result.Outcome);
            }

            var lastComplete = await File.ReadAllTextAsync(output);
            using var cancel = new CancellationTokenSource();
            var spider = new CountingSpider(_server.At("/").AbsoluteUri, afterItems: 5, cancel);
            await using (var cancelled = new JsonLinesExporter(output))
            {
                var result = await new Crawler(spider, FastOptions(o => o.ConcurrentRequests = 2), new CrawlerServices { Exporters = { cancelled } }).RunAsync(cancel.Token);
                Assert.Equal(CrawlOutcome.Cancelled, result.Outcome);
                Assert.Equal(new ExportPublication(Path.Combine(folder.FullName, "titles.partial.jsonl"), Complete: false), cancelled.Publication);
            }

            Assert.Equal(31, lastComplete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Equal(lastComplete, await File.ReadAllTextAsync(output));
            Assert.Equal(spider.Yielded, File.ReadAllLines(Path.Combine(folder.FullName, "titles.partial.jsonl")).Length);
            Assert.Equal(["titles.jsonl", "titles.partial.jsonl"], folder.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private sealed class CountingSpider(string start, int afterItems, CancellationTokenSource cancel) : Spider
    {
        private int _yielded;

        public int Yielded => Volatile.Read(ref _yielded);

        public override IEnumerable<string> StartUrls => [start];

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var link in response.FollowAll("a"))
            {
                yield return link;
            }

            var item = new Title(response.Url.AbsolutePath, response.SelectText("h1") ?? "");
            Interlocked.Increment(ref _yielded);
            yield return item;
            if (Yielded >= afterItems)
            {
                await cancel.CancelAsync();
            }
        }
    }

    [Fact]
    public async Task Crawl_TheSameSpiderTypeRunsTwiceInOneProcess()
    {
        _server.Page("/", "<h1>Home</h1>");

        var first = await RunAsync(new TitleSpider(_server.At("/").AbsoluteUri));
        var second = await RunAsync(new TitleSpider(_server.At("/").AbsoluteUri));

        Assert.Equal(first.Lines, second.Lines);
        Assert.Equal(2, _server.Requests("/").Count);
    }
}
