using System.Runtime.CompilerServices;
using Scraper.Crawling;
using Scraper.Http;
using Scraper.Testing;
using Scraper.Tests.Http;
using WireMock.Server;
using WireRequest = WireMock.RequestBuilders.Request;
using WireResponse = WireMock.ResponseBuilders.Response;

namespace Scraper.Tests.Crawling;

/// <summary>Every per-request setting of a crawl <see cref="Request"/> reaches the wire, as a <see cref="SessionRequest"/>'s does.</summary>
public sealed class RequestSettingsTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Dispose();

    private sealed record Outcome(string Path, string Result);

    /// <summary>Sends the given requests as its start requests; records each page's status, or the error of each failure.</summary>
    private sealed class GivenRequestsSpider(params Request[] requests) : Spider
    {
        public override async IAsyncEnumerable<Request> StartRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var request in requests)
            {
                yield return request with { Errback = new(OnError) };
            }

            await Task.CompletedTask;
        }

        public override IEnumerable<object> Parse(Response response)
        {
            yield return new Outcome(response.Url.AbsolutePath, ((int)response.Status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        private static IEnumerable<object> OnError(RequestFailure failure)
        {
            yield return new Outcome(failure.Request.Url.AbsolutePath, failure.Exception.GetType().Name);
        }
    }

    private Task<SpiderTestResult> CrawlAsync(params Request[] requests) =>
        SpiderTest.RunAsync(new GivenRequestsSpider(requests), configure: o =>
        {
            o.ObeyRobotsTxt = false;
            o.Retry.MaxRetries = 0;
        });

    private void Page(string path, string body = "<p>ok</p>") =>
        _server.Given(WireRequest.Create().WithPath(path)).RespondWith(WireResponse.Create().WithHeader("Content-Type", "text/html").WithBody(body));

    [Fact]
    public async Task RequestSettings_P1_ParamsAreAppendedToTheQueryAndMayRepeat()
    {
        Page("/search");

        await CrawlAsync(new Request(_server.At("/search?q=lamp")) { Params = [new("tag", "a"), new("tag", "b c")] });

        Assert.Equal("q=lamp&tag=a&tag=b+c", _server.Single("/search").RequestMessage!.RawQuery.TrimStart('?'));
    }

    [Fact]
    public async Task RequestSettings_P1_ParamsAreNotAddedAgainToARedirectTarget()
    {
        _server.Given(WireRequest.Create().WithPath("/search")).RespondWith(WireResponse.Create().WithStatusCode(302).WithHeader("Location", "/results?page=1"));
        Page("/results");

        await CrawlAsync(new Request(_server.At("/search")) { Params = [new("q", "lamp")] });

        Assert.Equal("q=lamp", _server.Single("/search").RequestMessage!.RawQuery.TrimStart('?'));
        Assert.Equal("page=1", _server.Single("/results").RequestMessage!.RawQuery.TrimStart('?'));
    }

    [Fact]
    public async Task RequestSettings_P1_RequestsThatDifferOnlyInParamsAreNotDuplicates()
    {
        Page("/search");

        var result = await CrawlAsync(
            new Request(_server.At("/search")) { Params = [new("q", "a")] },
            new Request(_server.At("/search")) { Params = [new("q", "b")] },
            new Request(_server.At("/search")) { Params = [new("q", "a")] });

        Assert.Equal(["q=a", "q=b"], _server.Requests("/search").Select(e => e.RequestMessage!.RawQuery.TrimStart('?')).Order(StringComparer.Ordinal));
        Assert.Equal(1, result.Stats.DroppedRequests["duplicate"]);
    }

    [Fact]
    public async Task RequestSettings_A3_C8_AuthAndCookiesOfARequestStayWithItsOriginAcrossRedirects()
    {
        var elsewhere = _server.AtOtherHost("/landing");
        _server.Given(WireRequest.Create().WithPath("/private")).RespondWith(WireResponse.Create().WithStatusCode(302).WithHeader("Location", elsewhere.AbsoluteUri));
        Page("/landing");

        await CrawlAsync(new Request(_server.At("/private")) { Auth = SessionAuth.Bearer("t0ken"), Cookies = new Dictionary<string, string> { ["sid"] = "s3cr3t" } });

        Assert.Equal("Bearer t0ken", _server.Single("/private").Header("Authorization"));
        Assert.Equal("sid=s3cr3t", _server.Single("/private").Cookie());
        var landing = _server.Single("/landing");
        Assert.Equal(elsewhere.Host, landing.Header("Host")?.Split(':')[0]);
        Assert.Null(landing.Header("Authorization"));
        Assert.Null(landing.Cookie());
    }

    [Fact]
    public async Task RequestSettings_A1_AuthIsSentForThisRequestOnly()
    {
        Page("/private");
        Page("/public");

        await CrawlAsync(new Request(_server.At("/private")) { Auth = SessionAuth.Bearer("t0ken") }, new Request(_server.At("/public")));

        Assert.Equal("Bearer t0ken", _server.Single("/private").Header("Authorization"));
        Assert.Null(_server.Single("/public").Header("Authorization"));
    }

    [Fact]
    public async Task RequestSettings_C8_CookiesAreSentWithThisRequest()
    {
        Page("/cart");

        await CrawlAsync(new Request(_server.At("/cart")) { Cookies = new Dictionary<string, string> { ["basket"] = "42", ["lang"] = "en" } });

        Assert.Equal(["basket=42", "lang=en"], _server.Single("/cart").Cookie()!.Split("; ").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RequestSettings_H1_HeadersAreSentAndANullRemovesTheSessionsOwn()
    {
        Page("/page");

        await CrawlAsync(new Request(_server.At("/page")) { Headers = new Dictionary<string, string?> { ["X-Trace"] = "7", ["User-Agent"] = null } });

        var entry = _server.Single("/page");
        Assert.Equal("7", entry.Header("X-Trace"));
        Assert.Null(entry.Header("User-Agent"));
    }

    [Fact]
    public async Task RequestSettings_N3_TimeoutAppliesToThisRequest()
    {
        _server.Given(WireRequest.Create().WithPath("/slow")).RespondWith(WireResponse.Create().WithBody("late").WithDelay(TimeSpan.FromSeconds(5)));

        var result = await CrawlAsync(new Request(_server.At("/slow")) { Timeout = TimeSpan.FromMilliseconds(150) });

        Assert.Equal([new Outcome("/slow", nameof(SessionTimeoutException))], result.ItemsOf<Outcome>());
    }

    [Fact]
    public async Task RequestSettings_N4_MaxResponseSizeAppliesToThisRequestOnly()
    {
        var big = "<p>" + new string('x', 20_000) + "</p>";
        Page("/big", big);
        Page("/big-too", big);

        var result = await CrawlAsync(new Request(_server.At("/big")) { MaxResponseSize = 1_000 }, new Request(_server.At("/big-too")));

        Assert.Equal(
            [new Outcome("/big", nameof(ResponseTooLargeException)), new Outcome("/big-too", "200")],
            result.ItemsOf<Outcome>().OrderBy(o => o.Path, StringComparer.Ordinal));
    }

    [Fact]
    public void Request_H3_HeaderOrCookieThatCouldNotBeSentIsRefusedWhenSet()
    {
        var url = _server.At("/");

        Assert.Throws<InvalidHeaderException>(() => new Request(url) { Headers = new Dictionary<string, string?> { ["X-Evil"] = "a\r\nInjected: 1" } });
        Assert.Throws<InvalidHeaderException>(() => new Request(url) { Headers = new Dictionary<string, string?> { ["Bad Name"] = "1" } });
        Assert.Throws<InvalidHeaderException>(() => new Request(url) { Cookies = new Dictionary<string, string> { ["sid"] = "a;b" } });
        Assert.Throws<InvalidHeaderException>(() => new Request(url) { Cookies = new Dictionary<string, string> { ["s=id"] = "a" } });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Request(url) { Timeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Request(url) { MaxResponseSize = 0 });
    }

    [Fact]
    public void Request_H4_HeaderValueOutsideLatin1IsRefusedWhenSet() =>
        Assert.Throws<InvalidHeaderException>(() => new Request(_server.At("/")) { Headers = new Dictionary<string, string?> { ["X-Name"] = "Zo\u00eb \u20ac" } });

    [Fact]
    public void Request_SettingsAreCopiedSoTheCallersCollectionCannotChangeThem()
    {
        var headers = new Dictionary<string, string?> { ["X-Trace"] = "7" };
        var request = new Request(_server.At("/")) { Headers = headers };

        headers["X-Trace"] = "bad\r\nvalue";

        Assert.Equal("7", request.Headers["x-trace"]);
    }

    private sealed record ProxyChoice(string Name);

    private interface ICachePolicy;

    private sealed record NoCache : ICachePolicy;

    [Fact]
    public void Features_AreTypedImmutableAndEmptyByDefault()
    {
        var plain = new Request(_server.At("/"));
        var withProxy = plain with { Features = plain.Features.With(new ProxyChoice("p1")) };
        var both = withProxy with { Features = withProxy.Features.With<ICachePolicy>(new NoCache()).With(new ProxyChoice("p2")) };

        Assert.Same(RequestFeatures.Empty, plain.Features);
        Assert.Null(plain.Features.Get<ProxyChoice>());
        Assert.Equal("p1", withProxy.Features.Get<ProxyChoice>()!.Name);
        Assert.Equal("p2", both.Features.Get<ProxyChoice>()!.Name);
        Assert.IsType<NoCache>(both.Features.Get<ICachePolicy>());
        Assert.Null(both.Features.Get<NoCache>());
        Assert.Equal(2, both.Features.Count);
        Assert.Equal([typeof(ProxyChoice), typeof(ICachePolicy)], both.Features.Select(f => f.Key));
        Assert.Single(withProxy.Features);
    }
}
