using Scraper.Crawling;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Engine;
using Scraper.Crawling.Stats;
using Scraper.Http;

namespace Scraper.Tests.Crawling.Downloading;

/// <summary>A download context outside a crawl, for calling a middleware's InvokeAsync directly.</summary>
internal static class DownloadContexts
{
    public static DownloadContext Create(Spider spider, Session session, CrawlStats stats, TimeProvider timeProvider) =>
        new(spider, new SessionLogin(session, spider, stats, maxAttempts: 1), stats, timeProvider, (_, _) => Task.CompletedTask);
}
