using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Scraper.Crawling;
using Scraper.Telemetry;
using Scraper.Tests.Crawling;
using Scraper.Tests.Http;
using WireMock.Server;
using Response = Scraper.Crawling.Response;
using WireRequest = WireMock.RequestBuilders.Request;
using WireResponse = WireMock.ResponseBuilders.Response;

namespace Scraper.Tests.Telemetry;

/// <summary>Activity listeners are process-wide: these tests run alone, so "no listener" means none.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "Tracing";
}

[Collection(TracingCollection.Name)]
public sealed class CrawlTracingTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Dispose();

    private sealed record Page(string Path);

    private sealed class TracedSpider(string start, string? failOn = null) : Spider
    {
        public override string Name => "traced";

        public override IEnumerable<string> StartUrls => [start];

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            if (response.Url.AbsolutePath == failOn)
            {
                throw new InvalidOperationException("the callback broke on secret data");
            }

            yield return new Page(response.Url.AbsolutePath);
            foreach (var link in response.FollowAll("a"))
            {
                yield return link;
            }
        }
    }

    private sealed class Recorder : IDisposable
    {
        private readonly ActivityListener _listener;

        public Recorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is ScraperTracing.SourceName or "System.Net.Http",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = Stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public ConcurrentQueue<Activity> Stopped { get; } = new();

        public void Dispose() => _listener.Dispose();
    }

    private void LayOutSite()
    {
        _server.Given(WireRequest.Create().WithPath("/")).RespondWith(WireResponse.Create().WithStatusCode(302).WithHeader("Location", "/landing"));
        _server.Page("/landing", "<a href='/flaky'>f</a>");
        _server.Given(WireRequest.Create().WithPath("/flaky")).InScenario("flaky").WillSetStateTo("up").RespondWith(WireResponse.Create().WithStatusCode(503));
        _server.Given(WireRequest.Create().WithPath("/flaky")).InScenario("flaky").WhenStateIs("up")
            .RespondWith(WireResponse.Create().WithHeader("Content-Type", "text/html").WithBody("<html><body>ok</body></html>"));
    }

    private Task<CrawlResult> CrawlAsync(string? failOn = null) => new Crawler(
        new TracedSpider(_server.At("/").AbsoluteUri + "?token=secret", failOn),
        new CrawlOptions { ObeyRobotsTxt = false, RandomizeDelay = false, Retry = { BaseDelay = TimeSpan.FromMilliseconds(1) } },
        new CrawlerServices()).RunAsync();

    [Fact]
    public async Task Crawl_WithListener_OneActivityPerRequestWithDownloadCallbackPipelineAndHttpChildren()
    {
        LayOutSite();
        using var recorder = new Recorder();

        var result = await CrawlAsync();

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        var all = recorder.Stopped.ToList();
        var requests = all.Where(a => a.OperationName == "scraper.request" && (string?)a.GetTagItem("scraper.spider") == "traced").ToList();
        Assert.Equal(2, requests.Count);
        var first = requests.Single(a => ((string)a.GetTagItem("url.full")!).Contains("token=", StringComparison.Ordinal));
        Assert.Equal(_server.At("/").AbsoluteUri + "?token=***", first.GetTagItem("url.full"));
        Assert.Equal("GET", first.GetTagItem("http.request.method"));
        var children = all.Where(a => a.ParentSpanId == first.SpanId && a.TraceId == first.TraceId).ToList();
        Assert.Equal(["scraper.download", "scraper.pipeline"], children.Select(a => a.OperationName).Order(StringComparer.Ordinal));
        var download = children.Single(a => a.OperationName == "scraper.download");
        // The callback is an event on the request, where the download has ended.
        var callback = Assert.Single(first.Events, e => e.Name == "scraper.callback");
        Assert.InRange(callback.Timestamp, download.StartTimeUtc + download.Duration, first.StartTimeUtc + first.Duration);
        Assert.Equal(200, download.GetTagItem("http.response.status_code"));
        var hop = Assert.Single(download.Events, e => e.Name == "scraper.redirect");
        Assert.Contains(hop.Tags, t => t.Key == "http.response.status_code" && Equals(t.Value, 302));
        // .NET's own HTTP activities nest under the download: one per hop on the wire.
        Assert.Equal(2, all.Count(a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == download.SpanId));

        var flaky = requests.Single(a => a != first);
        var flakyDownload = all.Single(a => a.ParentSpanId == flaky.SpanId && a.OperationName == "scraper.download");
        var retry = Assert.Single(flakyDownload.Events, e => e.Name == "scraper.retry");
        Assert.Contains(retry.Tags, t => t.Key == "scraper.retry.reason" && Equals(t.Value, "503"));
        Assert.Equal(2, all.Count(a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == flakyDownload.SpanId));

        // No secret in any tag or event of the crawl, and no trace header sent to the site.
        var ours = all.Where(a => a.TraceId == first.TraceId || a.TraceId == flaky.TraceId).ToList();
        Assert.DoesNotContain(ours.SelectMany(a => a.TagObjects.Concat(a.Events.SelectMany(e => e.Tags))), t => t.Value?.ToString()?.Contains("secret", StringComparison.Ordinal) == true);
        Assert.All(_server.LogEntries, entry => Assert.False(entry.RequestMessage?.Headers?.ContainsKey("traceparent") ?? false));
    }

    [Fact]
    public async Task Crawl_CallbackThrows_MarksTheRequestFailedWithTheErrorTypeOnly()
    {
        LayOutSite();
        using var recorder = new Recorder();

        await CrawlAsync(failOn: "/landing");

        var request = recorder.Stopped.Single(a => a.OperationName == "scraper.request" && (string?)a.GetTagItem("scraper.spider") == "traced");
        Assert.Equal(ActivityStatusCode.Error, request.Status);
        Assert.Equal(nameof(InvalidOperationException), request.GetTagItem("error.type"));
        Assert.Single(request.Events, e => e.Name == "scraper.callback");
        // The download succeeded: only the request carries the callback's failure, and never its message.
        Assert.Equal(ActivityStatusCode.Unset, recorder.Stopped.Single(a => a.ParentSpanId == request.SpanId && a.OperationName == "scraper.download").Status);
        Assert.DoesNotContain(request.TagObjects, t => t.Value?.ToString()?.Contains("secret data", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Crawl_WithoutListener_CreatesNoActivity()
    {
        LayOutSite();

        Assert.False(ScraperTracing.Source.HasListeners());
        var result = await CrawlAsync();

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Null(ScraperTracing.StartRequest("traced", new Request(_server.At("/")), "default"));
    }
}
