using Scraper.Crawling;

namespace Scraper.Redis.Tests;

/// <summary>An item of a shared crawl's tests: the page it came from, as its SKU.</summary>
internal sealed record Product(string Sku);

/// <summary>One item per page (its path as the SKU), and every link followed.</summary>
internal sealed class ItemSpider(Uri start) : Spider
{
    /// <summary>Gets the options these crawls run with: no robots.txt, no jitter, no progress lines, 4 per domain.</summary>
    public static CrawlOptions Options() => new() { ObeyRobotsTxt = false, RandomizeDelay = false, StatsInterval = TimeSpan.FromHours(1), ConcurrentRequestsPerDomain = 4 };

    public override IEnumerable<string> StartUrls => [start.AbsoluteUri];

    public override IEnumerable<object> Parse(Response response) => [new Product(response.Url.AbsolutePath), .. response.FollowAll("a")];
}
