using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scraper.Crawling;
using Scraper.Testing;
using Scraper.Tests.TestSites;
using Response = Scraper.Crawling.Response;

namespace Scraper.Tests.Crawling;

/// <summary>Callbacks and errbacks as plain or async iterators, wherever a callback is taken.</summary>
public sealed class CallbackTests
{
    private const string Site = "https://site.test";

    private sealed record Parsed(string Path, string By);

    /// <summary>A plain <c>Parse</c> that hands each link to a plain or an async method group, in every way one can be given.</summary>
    private sealed class MixedSpider : Spider
    {
        public override IEnumerable<string> StartUrls => [$"{Site}/"];

        public override IEnumerable<object> Parse(Response response)
        {
            yield return response.Follow("/follow-sync", ParseItem)!;
            yield return response.Follow("/follow-async", ParseItemAsync)!;
            foreach (var request in response.FollowAll("nav.sync a", ParseItem))
            {
                yield return request;
            }

            foreach (var request in response.FollowAll("nav.async a", ParseItemAsync))
            {
                yield return request;
            }

            yield return new Request($"{Site}/new-sync", ParseItem);
            yield return new Request(new Uri($"{Site}/new-async"), ParseItemAsync);
            yield return new Request($"{Site}/init-sync") { Callback = new(ParseItem) };
            yield return new Request($"{Site}/init-async") { Callback = new(ParseItemAsync) };
            yield return response.Follow("/default")!;
            yield return response.SubmitForm(null, ParseItem);
        }

        private IEnumerable<object> ParseItem(Response response)
        {
            yield return new Parsed(response.Url.AbsolutePath, nameof(ParseItem));
        }

        private async IAsyncEnumerable<object> ParseItemAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new Parsed(response.Url.AbsolutePath, nameof(ParseItemAsync));
        }
    }

    [Fact]
    public async Task Callbacks_PlainAndAsyncMethodGroupsAreTakenByFollowFollowAllRequestAndSubmitForm()
    {
        const string Home = """
            <nav class="sync"><a href="/all-sync">s</a></nav><nav class="async"><a href="/all-async">a</a></nav>
            <form action="/form-sync"><button>Go</button></form>
            """;
        var site = new CannedResponses().Html($"{Site}/", Home).Html($"{Site}/default", Home);
        foreach (var path in new[] { "/follow-sync", "/follow-async", "/all-sync", "/all-async", "/new-sync", "/new-async", "/init-sync", "/init-async", "/form-sync" })
        {
            site.Html(Site + path, "<p/>");
        }

        var result = await SpiderTest.RunAsync(new MixedSpider(), site, o => o.ObeyRobotsTxt = false);

        Assert.Equal(0, result.Stats.ErrorCount);
        Assert.Equal(
            ["/all-async ParseItemAsync", "/all-sync ParseItem", "/follow-async ParseItemAsync", "/follow-sync ParseItem", "/form-sync ParseItem",
             "/init-async ParseItemAsync", "/init-sync ParseItem", "/new-async ParseItemAsync", "/new-sync ParseItem"],
            result.ItemsOf<Parsed>().Select(p => $"{p.Path} {p.By}").Order(StringComparer.Ordinal));
        // "/default" went to the spider's own Parse, which yields the same requests again: all of them duplicates.
        Assert.Equal(10, result.Stats.DroppedRequests["duplicate"]);
    }

    private sealed class SilentSpider : Spider
    {
        public override IEnumerable<string> StartUrls => [$"{Site}/"];
    }

    [Fact]
    public async Task Callbacks_SpiderOverridingNeitherParseNorParseAsyncCountsTheErrorAndEnds()
    {
        var result = await SpiderTest.RunAsync(new SilentSpider(), new CannedResponses().Html($"{Site}/", "<p/>"), o => o.ObeyRobotsTxt = false);

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal(1, result.Stats.Errors[nameof(NotSupportedException)]);
    }

    private sealed class ChattySpider(CancellationTokenSource stop) : Spider
    {
        public int Yielded { get; private set; }

        public override IEnumerable<string> StartUrls => [$"{Site}/"];

        public override IEnumerable<object> Parse(Response response)
        {
            while (true)
            {
                if (++Yielded == 100)
                {
                    stop.Cancel();
                }

                yield return new Parsed("/", "endless");
            }
        }
    }

    [Fact]
    public async Task Callbacks_PlainIteratorIsStoppedBetweenItemsWhenTheCrawlIsCancelled()
    {
        using var stop = new CancellationTokenSource();
        var spider = new ChattySpider(stop);

        var result = await SpiderTest.RunAsync(spider, new CannedResponses().Html($"{Site}/", "<p/>"), o => o.ObeyRobotsTxt = false, cancellationToken: stop.Token)
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(CrawlOutcome.Cancelled, result.Outcome);
        Assert.InRange(spider.Yielded, 100, 101);
    }

    /// <summary>Overrides both: the engine calls ParseAsync, whose base streams Parse.</summary>
    private sealed class BothSpider : Spider
    {
        public override IEnumerable<string> StartUrls => [$"{Site}/"];

        public override IEnumerable<object> Parse(Response response)
        {
            yield return new Parsed(response.Url.AbsolutePath, nameof(Parse));
        }

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new Parsed(response.Url.AbsolutePath, nameof(ParseAsync));
            await foreach (var result in base.ParseAsync(response, cancellationToken))
            {
                yield return result;
            }
        }
    }

    [Fact]
    public async Task Callbacks_SpiderOverridingBothIsParsedByParseAsyncWhoseBaseStreamsParse()
    {
        var result = await SpiderTest.RunAsync(new BothSpider(), new CannedResponses().Html($"{Site}/", "<p/>"), o => o.ObeyRobotsTxt = false);

        Assert.Equal([new Parsed("/", "ParseAsync"), new Parsed("/", "Parse")], result.ItemsOf<Parsed>());
    }

    private sealed record Echo(string? Session, string Body);

    /// <summary>Fails on a named session; its errback, plain or async, asks for a page that echoes the session's header.</summary>
    private sealed class FailingAccountSpider(Uri site, bool asyncErrback) : Spider
    {
        public override void ConfigureSessions(SpiderSessions sessions) =>
            sessions.Add("alice", options => options.DefaultHeaders["X-Account"] = "alice");

        public override async IAsyncEnumerable<Request> StartRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new Request(new Uri(site, "/gone"))
            {
                Session = "alice",
                Errback = asyncErrback ? new(OnErrorAsync) : new(OnError),
            };
            await Task.CompletedTask;
        }

        public override IEnumerable<object> Parse(Response response)
        {
            yield return new Echo(response.Request.Session, response.Text);
        }

        private IEnumerable<object> OnError(RequestFailure failure)
        {
            yield return new Echo($"failed {(int?)failure.Response?.Status}", failure.Request.Session ?? "");
            yield return new Request(new Uri(site, "/whoami"));
        }

        private async IAsyncEnumerable<object> OnErrorAsync(RequestFailure failure, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var result in OnError(failure))
            {
                yield return result;
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Errback_RequestsAnErrbackYieldsInheritTheFailedRequestsSession(bool asyncErrback)
    {
        await using var site = await KestrelSite.StartAsync(app =>
        {
            app.MapGet("/gone", () => Results.StatusCode(410));
            app.MapGet("/whoami", (HttpContext context) => context.Request.Headers["X-Account"].ToString());
        });

        var result = await SpiderTest.RunAsync(new FailingAccountSpider(site.Address, asyncErrback), configure: o => o.ObeyRobotsTxt = false);

        Assert.Equal([new Echo("failed 410", "alice"), new Echo("alice", "alice")], result.ItemsOf<Echo>());
    }
}
