using Scraper.Crawling;

namespace Scraper.Hosting;

/// <summary>What the hosted service needs from the runner; an interface so schedules can be tested with a fake.</summary>
internal interface ISpiderRunner
{
    string NameOf(Type spiderType);

    CrawlOptions OptionsFor(string spiderName);

    Task<CrawlResult> RunAsync(Type spiderType, CancellationToken cancellationToken);
}
