using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling.Engine;
using Scraper.Http;
using Scraper.Tests.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Robots;

public sealed class RobotsGateTests : IAsyncDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new();
    private readonly Session _session;
    private readonly RobotsGate _gate;
    private readonly Scraper.Crawling.Downloading.DownloadContext _context;

    public RobotsGateTests()
    {
        // The session keeps real time (its retries must not wait on the fake clock) and does not retry, so each
        // fetch of the gate is one request at the server.
        var options = new SessionOptions();
        options.Retry.MaxRetries = 0;
        _session = new Session(options);
        _gate = new RobotsGate(NullLoggerFactory.Instance, _time);
        _context = Scraper.Tests.Crawling.Downloading.DownloadContexts.Create(new RobotsSpider(), _session, new Scraper.Crawling.Stats.CrawlStats("robots", _time), _time);
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        _server.Dispose();
    }

    private Uri Page(string path) => new(new Uri(_server.Url!), path);

    private int RobotsFetches => _server.LogEntries.Count(entry => entry.RequestMessage?.Path == "/robots.txt");

    private void Answer(int status, string body = "")
    {
        _server.ResetMappings();
        _server.Given(Request.Create().WithPath("/robots.txt")).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Gate_B4_AServerErrorDisallowsAllForAWhileThenTheFileIsFetchedAgain(int status)
    {
        Answer(status);
        Assert.False((await _gate.CheckAsync(Page("/a"), _context, CancellationToken.None)).Allowed);

        Answer(200, "User-agent: *\nDisallow: /private\n");
        _time.Advance(RobotsGate.UnavailableFor - TimeSpan.FromSeconds(1));
        Assert.False((await _gate.CheckAsync(Page("/a"), _context, CancellationToken.None)).Allowed);
        Assert.Equal(1, RobotsFetches);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await _gate.CheckAsync(Page("/a"), _context, CancellationToken.None)).Allowed);
        Assert.False((await _gate.CheckAsync(Page("/private"), _context, CancellationToken.None)).Allowed);
        Assert.Equal(2, RobotsFetches);
    }

    [Fact]
    public async Task Gate_B4_ANetworkFailureDisallowsAllThenIsRetried()
    {
        // A port nothing listens on: the connection is refused.
        var closed = new Uri($"http://127.0.0.1:{TestPorts.Unused()}/page");
        Assert.False((await _gate.CheckAsync(closed, _context, CancellationToken.None)).Allowed);
        // The failure is an error of the crawl, not only a drop: an unreachable site does not end "0 errors".
        Assert.Equal(1, _context.Stats.Snapshot().Errors["SessionConnectionException"]);

        _time.Advance(RobotsGate.UnavailableFor);
        Answer(404);
        var reachable = Page("/page");
        Assert.True((await _gate.CheckAsync(reachable, _context, CancellationToken.None)).Allowed);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(410)]
    public async Task Gate_B4_AClientErrorAllowsAll(int status)
    {
        Answer(status);

        Assert.True((await _gate.CheckAsync(Page("/anything"), _context, CancellationToken.None)).Allowed);
        Assert.True((await _gate.CheckAsync(Page("/else"), _context, CancellationToken.None)).Allowed);
        Assert.Equal(1, RobotsFetches);
    }

    [Fact]
    public async Task Gate_B4_AFileThatAnsweredIsKeptADayThenFetchedAgain()
    {
        Answer(200, "User-agent: *\nDisallow: /old\n");
        Assert.False((await _gate.CheckAsync(Page("/old"), _context, CancellationToken.None)).Allowed);

        Answer(200, "User-agent: *\nDisallow: /new\n");
        _time.Advance(TimeSpan.FromHours(23));
        Assert.False((await _gate.CheckAsync(Page("/old"), _context, CancellationToken.None)).Allowed);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.True((await _gate.CheckAsync(Page("/old"), _context, CancellationToken.None)).Allowed);
        Assert.False((await _gate.CheckAsync(Page("/new"), _context, CancellationToken.None)).Allowed);
        Assert.Equal(2, RobotsFetches);
    }

    [Fact]
    public async Task Gate_B3_TheSessionsUserAgentChoosesTheGroup()
    {
        // The default agent is "Scraper/<version> (+url)"; a group for "Scraper/1.0" is ours whatever our version.
        Answer(200, "User-agent: *\nDisallow: /\n\nUser-agent: Scraper/1.0\nDisallow: /ours\n");

        Assert.StartsWith("Scraper/", SessionDefaults.UserAgent, StringComparison.Ordinal);
        Assert.True((await _gate.CheckAsync(Page("/page"), _context, CancellationToken.None)).Allowed);
        Assert.False((await _gate.CheckAsync(Page("/ours"), _context, CancellationToken.None)).Allowed);
    }

    private sealed class RobotsSpider : Scraper.Crawling.Spider;
}
