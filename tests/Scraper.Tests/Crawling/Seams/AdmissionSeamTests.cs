using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;
using WireMock.Server;
using Response = Scraper.Crawling.Response;

namespace Scraper.Tests.Crawling.Seams;

/// <summary>
/// What a page yields is admitted together: one look into the duplicate filter and one write to the frontier for a
/// page's links (what a shared frontier turns into one round trip each), without delaying a link behind a slow
/// callback or losing the links of a callback that fails half-way.
/// </summary>
public sealed class AdmissionSeamTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task EnqueueRange_PageOfLinks_OneLookAndOneWriteForThePageDuplicatesOnThePageDropped()
    {
        var links = string.Concat(Enumerable.Range(0, 30).Select(i => $"<a href=\"/p/{i}\">{i}</a>"));
        _server.Page("/", links + "<a href=\"/p/3\">again</a><a href=\"/p/7\">again</a>");
        _server.Page("/p/*", "leaf");
        var frontier = new RecordingFrontier();
        var filter = new RecordingFilter();

        var result = await CrawlAsync(new FollowSpider(_server.Url + "/"), frontier, filter);

        Assert.Equal(31, result.Stats.Responses);
        // The start request, then the page's 30 distinct links in one write, in the page's order.
        Assert.Equal([1, 30], frontier.Ranges.Select(range => range.Count));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"/p/{i}"), frontier.Ranges[1].Select(request => request.Url.AbsolutePath));
        Assert.Contains(32, filter.Ranges);
        Assert.Equal(2, result.Stats.DroppedRequests["duplicate"]);
    }

    [Fact]
    public async Task EnqueueRange_PageWithMoreLinksThanOneBatch_AdmitsThemAllInBatches()
    {
        _server.Page("/", string.Concat(Enumerable.Range(0, 600).Select(i => $"<a href=\"/p/{i}\">{i}</a>")));
        _server.Page("/p/*", "leaf");
        var frontier = new RecordingFrontier();

        var result = await CrawlAsync(new FollowSpider(_server.Url + "/"), frontier, new RecordingFilter());

        Assert.Equal(601, result.Stats.Responses);
        Assert.Equal([1, 256, 256, 88], frontier.Ranges.Select(range => range.Count));
    }

    [Fact]
    public async Task AsyncCallback_WaitingAfterYieldingALink_TheLinkIsAdmittedBeforeTheWaitEnds()
    {
        _server.Page("/", "start");
        _server.Page("/first", "first");
        _server.Page("/second", "second");
        var frontier = new RecordingFrontier();
        var spider = new WaitingSpider(_server.Url!, frontier);

        var result = await CrawlAsync(spider, frontier, new RecordingFilter());

        // The callback waited for its first link to reach the frontier: had the link waited for the callback's end,
        // the wait would have timed out and failed the callback.
        Assert.Equal(0, result.Stats.ErrorCount);
        Assert.Equal(["/", "/first", "/second"], spider.Parsed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Callback_FailingAfterYieldingLinks_TheLinksAreStillCrawled()
    {
        _server.Page("/", "start");
        _server.Page("/a", "a");
        _server.Page("/b", "b");

        var result = await CrawlAsync(new FailingSpider(_server.Url!), new RecordingFrontier(), new RecordingFilter());

        Assert.Equal(1, result.Stats.ErrorCount);
        Assert.Equal(3, result.Stats.Responses);
        Assert.Single(_server.LogEntries, entry => entry.RequestMessage?.Path == "/b");
    }

    private static Task<CrawlResult> CrawlAsync(Spider spider, RecordingFrontier frontier, RecordingFilter filter) =>
        new Crawler(spider, new CrawlOptions { ObeyRobotsTxt = false, RandomizeDelay = false, StatsInterval = TimeSpan.FromHours(1) }, new CrawlerServices
        {
            LoggerFactory = NullLoggerFactory.Instance,
            FrontierFactory = () => frontier,
            DuplicateFilterFactory = () => filter,
        }).RunAsync();

    private sealed class FollowSpider(string start) : Spider
    {
        public override IEnumerable<string> StartUrls => [start];

        public override IEnumerable<object> Parse(Response response) => response.FollowAll("a");
    }

    /// <summary>Yields a link, then waits until that link is in the frontier; then yields another.</summary>
    private sealed class WaitingSpider(string site, RecordingFrontier frontier) : Spider
    {
        public ConcurrentBag<string> Parsed { get; } = [];

        public override IEnumerable<string> StartUrls => [site + "/"];

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Parsed.Add(response.Url.AbsolutePath);
            if (response.Url.AbsolutePath != "/")
            {
                yield break;
            }

            yield return new Request(site + "/first");
            await frontier.Admitted("/first").WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            yield return new Request(site + "/second");
        }
    }

    private sealed class FailingSpider(string site) : Spider
    {
        public override IEnumerable<string> StartUrls => [site + "/"];

        public override IEnumerable<object> Parse(Response response)
        {
            if (response.Url.AbsolutePath != "/")
            {
                yield break;
            }

            yield return new Request(site + "/a");
            yield return new Request(site + "/b");
            throw new InvalidOperationException("the page changed its layout");
        }
    }

    /// <summary>An in-memory frontier that records each range written and tells when a path has been admitted.</summary>
    private sealed class RecordingFrontier : IFrontier
    {
        private readonly MemoryFrontier _inner = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _admitted = new(StringComparer.Ordinal);

        public List<IReadOnlyList<Request>> Ranges { get; } = [];

        public long Count => _inner.Count;

        public Task Admitted(string path) => _admitted.GetOrAdd(path, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public ValueTask EnqueueAsync(Request request, CancellationToken cancellationToken = default) => EnqueueRangeAsync([request], cancellationToken);

        public async ValueTask EnqueueRangeAsync(IReadOnlyList<Request> requests, CancellationToken cancellationToken = default)
        {
            lock (Ranges)
            {
                Ranges.Add([.. requests]);
            }

            await _inner.EnqueueRangeAsync(requests, cancellationToken);
            foreach (var request in requests)
            {
                _admitted.GetOrAdd(request.Url.AbsolutePath, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }

        public ValueTask<FrontierLease?> TryDequeueAsync(CancellationToken cancellationToken = default) => _inner.TryDequeueAsync(cancellationToken);

        public ValueTask AcknowledgeAsync(FrontierLease lease, CancellationToken cancellationToken = default) => _inner.AcknowledgeAsync(lease, cancellationToken);

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }

    /// <summary>An in-memory filter that records the size of each range looked up.</summary>
    private sealed class RecordingFilter : IDuplicateFilter
    {
        private readonly MemoryDuplicateFilter _inner = new();

        public ConcurrentBag<int> Ranges { get; } = [];

        public ValueTask<bool> TryAddAsync(RequestFingerprint fingerprint, CancellationToken cancellationToken = default) => _inner.TryAddAsync(fingerprint, cancellationToken);

        public ValueTask<bool[]> TryAddRangeAsync(IReadOnlyList<RequestFingerprint> fingerprints, CancellationToken cancellationToken = default)
        {
            Ranges.Add(fingerprints.Count);
            return _inner.TryAddRangeAsync(fingerprints, cancellationToken);
        }

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }
}
