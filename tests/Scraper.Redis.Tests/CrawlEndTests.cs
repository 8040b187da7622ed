using Scraper.Crawling;

namespace Scraper.Redis.Tests;

/// <summary>How a shared crawl ends: as soon as the last request is done, not at the next commit or lease expiry.</summary>
[Collection(RedisCollection.Name)]
public sealed class CrawlEndTests(RedisServer redis)
{
    private readonly string _crawl = "t" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task CrawlEnd_LastPagesDone_CommittedAtOnceNotAtTheCommitInterval()
    {
        await using var site = new SharedSite { Pages = 3 };
        await site.StartAsync();
        await using var connection = await RedisCrawl.ConnectAsync(new RedisCrawlOptions
        {
            Configuration = redis.Configuration,
            Crawl = _crawl,
            Worker = "w1",
            CommitInterval = TimeSpan.FromSeconds(50),
            LeaseTimeout = TimeSpan.FromSeconds(60),
        });
        var options = new CrawlOptions { ObeyRobotsTxt = false, RandomizeDelay = false, StatsInterval = TimeSpan.FromHours(1) };

        // Committed only at the interval, the worker's last leases would hold the crawl open for 50 s (every worker
        // waits for every lease to end): the bound fails the test long before.
        var result = await new Crawler(new SiteSpider(site.Address), options, WorkerServices.Of(connection)).RunAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal(site.Pages + 1, result.Stats.Responses);
    }

    private sealed class SiteSpider(Uri start) : Spider
    {
        public override IEnumerable<string> StartUrls => [start.AbsoluteUri];

        public override IEnumerable<object> Parse(Response response) => response.FollowAll("a");
    }
}
