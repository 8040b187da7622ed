using Microsoft.Extensions.Logging.Abstractions;
using Scraper.Crawling;
using Scraper.Crawling.Downloading.Politeness;
using Scraper.Crawling.Scheduling;
using WireMock.Server;
using Response = Scraper.Crawling.Response;

namespace Scraper.Tests.Crawling.Seams;

/// <summary>
/// The seams a shared crawl plugs into, shown without Redis: a frontier that has work coming from elsewhere keeps the
/// crawl going, and a politeness state of the user's own sees every attempt.
/// </summary>
public sealed class SharedCrawlSeamTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public SharedCrawlSeamTests()
    {
        _server.Page("/", "<a href=\"/a\">a</a>");
        _server.Page("/a", "a");
        _server.Page("/elsewhere", "found by another worker");
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task WaitForWork_FrontierSaysWorkIsComing_CrawlGoesOnUntilItSaysTheCrawlIsOver()
    {
        var frontier = new OtherWorkersFrontier(new Request(_server.Url + "/elsewhere"));

        var result = await new Crawler(new FollowSpider(_server.Url + "/"), Options(), new CrawlerServices
        {
            LoggerFactory = NullLoggerFactory.Instance,
            FrontierFactory = () => frontier,
        }).RunAsync();

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.Stats.Responses);
        Assert.Equal(2, frontier.Waits);
        Assert.Single(_server.LogEntries, entry => entry.RequestMessage?.Path == "/elsewhere");
    }

    [Fact]
    public async Task PolitenessStateFactory_OwnState_HoldsAPlaceForEveryAttemptAndGetsThemAllBack()
    {
        var state = new CountingPoliteness();

        var result = await new Crawler(new FollowSpider(_server.Url + "/"), Options(), new CrawlerServices
        {
            LoggerFactory = NullLoggerFactory.Instance,
            PolitenessStateFactory = (_, _) => state,
        }).RunAsync();

        Assert.Equal(2, result.Stats.Responses);
        Assert.Equal(2, state.Acquired);
        Assert.Equal(0, state.Held);
        Assert.True(state.Disposed);
    }

    private static CrawlOptions Options() => new() { ObeyRobotsTxt = false, RandomizeDelay = false, StatsInterval = TimeSpan.FromHours(1) };

    private sealed class FollowSpider(string start) : Spider
    {
        public override IEnumerable<string> StartUrls => [start];

        public override IEnumerable<object> Parse(Response response) => response.FollowAll("a");
    }

    /// <summary>An in-memory frontier that, once empty, gets one request "from another worker", then says the crawl is over.</summary>
    private sealed class OtherWorkersFrontier(Request fromElsewhere) : IFrontier
    {
        private readonly MemoryFrontier _inner = new();

        public int Waits { get; private set; }

        public long Count => _inner.Count;

        public ValueTask EnqueueAsync(Request request, CancellationToken cancellationToken = default) => _inner.EnqueueAsync(request, cancellationToken);

        public ValueTask<FrontierLease?> TryDequeueAsync(CancellationToken cancellationToken = default) => _inner.TryDequeueAsync(cancellationToken);

        public async ValueTask<bool> WaitForWorkAsync(CancellationToken cancellationToken = default)
        {
            if (++Waits == 1)
            {
                await _inner.EnqueueAsync(fromElsewhere, cancellationToken);
                return true;
            }

            return false;
        }

        public ValueTask AcknowledgeAsync(FrontierLease lease, CancellationToken cancellationToken = default) => _inner.AcknowledgeAsync(lease, cancellationToken);

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }

    private sealed class CountingPoliteness : IPolitenessState, IDomainPoliteness
    {
        private int _acquired;
        private int _held;

        public int Acquired => Volatile.Read(ref _acquired);

        public int Held => Volatile.Read(ref _held);

        public bool Disposed { get; private set; }

        public string Key => "any";

        public IDomainPoliteness For(string key) => this;

        public ValueTask<PolitenessPlace> AcquireAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _acquired);
            Interlocked.Increment(ref _held);
            return ValueTask.FromResult(new PolitenessPlace(this));
        }

        public void Release() => Interlocked.Decrement(ref _held);

        public ValueTask PauseUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask ApplyCrawlDelayAsync(TimeSpan crawlDelay, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public void RecordLatency(TimeSpan latency, bool ok)
        {
        }

        public void Dispose() => Disposed = true;
    }
}
