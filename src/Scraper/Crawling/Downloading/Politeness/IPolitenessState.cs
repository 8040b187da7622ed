namespace Scraper.Crawling.Downloading.Politeness;

/// <summary>
/// Where a crawl keeps its politeness towards each domain (concurrency, delay, Crawl-delay, Retry-After pauses). The
/// default lives in the process; a shared implementation (Scraper.Redis) makes the limits hold for every worker of one
/// crawl together. Set through <see cref="CrawlerServices.PolitenessStateFactory"/>; made once per run and disposed with it.
/// </summary>
public interface IPolitenessState : IDisposable
{
    /// <summary>Gets the politeness of one domain key (a host, or a host seen through a proxy). Called once per key and run.</summary>
    /// <param name="key">The key: a host name, or <c>host via proxy:port</c>.</param>
    /// <returns>The domain's politeness, used for every request to it in the run.</returns>
    IDomainPoliteness For(string key);
}
