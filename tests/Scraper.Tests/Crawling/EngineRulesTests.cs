using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Runtime.CompilerServices;
using Scraper.Crawling;
using Scraper.Items;
using Scraper.Testing;

namespace Scraper.Tests.Crawling;

/// <summary>Limits, robots Crawl-delay, error callbacks, validation and fan-out, on canned sites.</summary>
public sealed class EngineRulesTests
{
    private const string Site = "https://site.test";

    private sealed record Visit(string Path, int Depth);

    private sealed record Offer([property: Required] string? Name, [property: Range(0.01, 10_000)] decimal Price);

    private sealed class ChainSpider(int pages) : Spider
    {
        public override IEnumerable<string> StartUrls => [$"{Site}/1"];

        public override IEnumerable<object> Parse(Response response)
        {
            var page = int.Parse(response.Url.AbsolutePath.Trim('/'), System.Globalization.CultureInfo.InvariantCulture);
            yield return new Visit(response.Url.AbsolutePath, response.Depth);
            if (page < pages)
            {
                yield return response.Follow($"/{page + 1}")!;
            }
        }
    }

    private static CannedResponses Chain(int pages, string? robots = null)
    {
        var site = new CannedResponses();
        for (var i = 1; i <= pages; i++)
        {
            site.Html($"{Site}/{i}", $"<p>{i}</p>");
        }

        if (robots is not null)
        {
            site.Text($"{Site}/robots.txt", robots, "text/plain");
        }

        return site;
    }

    [Fact]
    public async Task Limits_MaxDepthDropsDeeperRequestsAndCountsThem()
    {
        var result = await SpiderTest.RunAsync(new ChainSpider(10), Chain(10), o => o.MaxDepth = 3);

        Assert.Equal([0, 1, 2, 3], result.ItemsOf<Visit>().Select(v => v.Depth));
        Assert.Equal(1, result.Stats.DroppedRequests["depth"]);
        Assert.Equal(3, result.Stats.MaxDepth);
    }

    [Fact]
    public async Task Limits_MaxItemsEndsTheCrawlWithEveryScrapedItemKept()
    {
        var result = await SpiderTest.RunAsync(new ChainSpider(10), Chain(10), o => o.MaxItems = 4);

        Assert.Equal(CrawlOutcome.LimitReached, result.Outcome);
        Assert.Equal(4, result.Items.Count);
    }

    [Fact]
    public async Task Robots_CrawlDelaySpacesRequestsToTheSite()
    {
        var time = new TimerWatchingTimeProvider();
        var crawl = SpiderTest.RunAsync(new ChainSpider(2), Chain(2, "User-agent: *\nCrawl-delay: 7\n"), o => o.Session.Timeout = TimeSpan.FromHours(1), time: time);

        await time.TimerCreated(TimeSpan.FromSeconds(7)).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(crawl.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(7));
        var result = await crawl.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["/1", "/2"], result.ItemsOf<Visit>().Select(v => v.Path));
    }

    private sealed class ErrbackSpider : Spider
    {
        public override async IAsyncEnumerable<Request> StartRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new Request($"{Site}/gone") { Errback = new(OnFailureAsync) };
            await Task.CompletedTask;
        }

        public override IAsyncEnumerable<object> ParseAsync(Response response, CancellationToken cancellationToken = default) =>
            AsyncEnumerable.Empty<object>();

        private static async IAsyncEnumerable<object> OnFailureAsync(RequestFailure failure, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new Visit($"failed:{failure.Request.Url.AbsolutePath}:{(int?)failure.Response?.Status}", 0);
            yield return new Request($"{Site}/fallback");
            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Errors_AnErrorCallbackGetsTheFailureAndCanScheduleMore()
    {
        var site = new CannedResponses().Status($"{Site}/gone", HttpStatusCode.Gone).Html($"{Site}/fallback", "<p>ok</p>");

        var result = await SpiderTest.RunAsync(new ErrbackSpider(), site, o => o.ObeyRobotsTxt = false);

        Assert.Equal(["failed:/gone:410"], result.ItemsOf<Visit>().Select(v => v.Path));
        Assert.Contains(new Uri($"{Site}/fallback"), result.Requests);
    }

    private sealed class OffersSpider : Spider
    {
        public override IEnumerable<string> StartUrls => [$"{Site}/offers"];

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new Offer("good", 10m);
            yield return new Offer(null, 10m);
            yield return new Offer("free", 0m);
            yield return new Offer("bundle", 30m);
            await Task.CompletedTask;
        }
    }

    /// <summary>Splits a bundle into its three parts: one item in, several out.</summary>
    private sealed class BundleSplitter : IItemPipeline
    {
        public async IAsyncEnumerable<object> ProcessAsync(object item, ItemContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (item is Offer { Name: "bundle" } bundle)
            {
                for (var part = 1; part <= 3; part++)
                {
                    yield return bundle with { Name = $"bundle part {part}", Price = bundle.Price / 3 };
                }
            }
            else
            {
                yield return item;
            }

            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Items_ValidationDropsInvalidItemsWithTheirReasonAndPipelinesFanOut()
    {
        var result = await SpiderTest.RunAsync(new OffersSpider(), new CannedResponses().Html($"{Site}/offers", "<p/>"),
            o => o.ObeyRobotsTxt = false, pipelines: [new ValidationPipeline(), new BundleSplitter()]);

        Assert.Equal(["good", "bundle part 1", "bundle part 2", "bundle part 3"], result.ItemsOf<Offer>().Select(o => o.Name));
        Assert.Equal(1, result.Stats.DroppedItems["invalid Offer: Name"]);
        Assert.Equal(1, result.Stats.DroppedItems["invalid Offer: Price"]);
        Assert.Equal(4, result.Stats.Items);
    }
}
