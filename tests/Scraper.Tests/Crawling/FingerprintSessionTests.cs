using System.Runtime.CompilerServices;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;
using Scraper.Testing;

namespace Scraper.Tests.Crawling;

/// <summary>Whether the same page through two sessions is one request or two: <see cref="CrawlOptions.FingerprintIncludesSession"/>.</summary>
public sealed class FingerprintSessionTests
{
    private const string Page = "https://site.test/public";

    private sealed class TwoSessionsSpider : Spider
    {
        public override void ConfigureSessions(SpiderSessions sessions) => sessions.Add("alice").Add("bob");

        public override async IAsyncEnumerable<Request> StartRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new Request(Page) { Session = "alice" };
            yield return new Request(Page) { Session = "bob" };
            await Task.CompletedTask;
        }

        public override IEnumerable<object> Parse(Response response)
        {
            yield return response.Request.Session!;
        }
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    public async Task Fingerprint_SessionPartIsTheSpidersChoice(bool includeSession, int fetches)
    {
        var result = await SpiderTest.RunAsync(new TwoSessionsSpider(), new CannedResponses().Html(Page, "<p>same for all</p>"), o =>
        {
            o.ObeyRobotsTxt = false;
            o.FingerprintIncludesSession = includeSession;
        });

        Assert.Equal(fetches, result.Requests.Count(url => url == new Uri(Page)));
        Assert.Equal(includeSession ? ["alice", "bob"] : ["alice"], result.ItemsOf<string>().Order(StringComparer.Ordinal));
        Assert.Equal(includeSession ? 0 : 1, result.Stats.DroppedRequests.GetValueOrDefault("duplicate"));
    }

    [Fact]
    public void Fingerprint_WithoutSessionEveryNameIsTheSame()
    {
        var alice = new Request(Page) { Session = "alice" };

        Assert.Equal(RequestFingerprint.Compute(alice, includeSession: false), RequestFingerprint.Compute(new Request(Page), includeSession: false));
        Assert.NotEqual(RequestFingerprint.Compute(alice), RequestFingerprint.Compute(alice, includeSession: false));
        Assert.Equal(RequestFingerprint.Compute(new Request(Page)), RequestFingerprint.Compute(new Request(Page), includeSession: false));
    }
}
