using Scraper.Crawling;
using Scraper.Crawling.Downloading.Politeness;

namespace Scraper.Redis;

/// <summary>
/// Politeness shared by every worker of the crawl (<see cref="PolitenessScripts"/>): the per-domain limit
/// (<see cref="CrawlOptions.ConcurrentRequestsPerDomain"/>), the delay with its jitter and robots.txt Crawl-delay,
/// and a Retry-After pause hold for the whole crawl, not per worker. The adaptive throttle stays per worker.
/// </summary>
internal sealed class RedisPolitenessState(RedisCrawl crawl, CrawlOptions options) : IPolitenessState
{
    public IDomainPoliteness For(string key) => new RedisDomainPoliteness(crawl, key, options.ConcurrentRequestsPerDomain, options.DownloadDelay, options.RandomizeDelay);

    public void Dispose()
    {
        // The connection is the crawl's; a domain's places are released one by one as their requests end.
    }
}
