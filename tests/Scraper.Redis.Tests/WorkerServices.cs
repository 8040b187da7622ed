using Microsoft.Extensions.Logging.Abstractions;
using Scraper.Crawling;
using Scraper.Items;

namespace Scraper.Redis.Tests;

/// <summary>A worker's services on a shared crawl, as the README's example plugs them in.</summary>
internal static class WorkerServices
{
    public static CrawlerServices Of(RedisCrawl connection, params IItemExporter[] exporters) => new()
    {
        LoggerFactory = NullLoggerFactory.Instance,
        FrontierFactory = connection.CreateFrontier,
        DuplicateFilterFactory = connection.CreateDuplicateFilter,
        PolitenessStateFactory = connection.CreatePolitenessState,
        SessionStore = connection.Sessions,
        SharedLogin = connection.Login,
        Exporters = [.. exporters],
    };
}
