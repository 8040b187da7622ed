using Scraper.Crawling.Engine;

namespace Scraper.Crawling;

/// <summary>
/// Runs a spider: logs its sessions in, schedules its requests through them, respects each site, and hands
/// parsed responses to its callbacks and items to the pipelines. One <see cref="RunAsync"/> is one crawl; the
/// same crawler (and the same spider type) can run again afterwards.
/// </summary>
/// <example>
/// <code>
/// var crawler = new Crawler(new BooksSpider(), new CrawlOptions(), new CrawlerServices { Exporters = { new JsonLinesExporter("books.jsonl") } });
/// CrawlResult result = await crawler.RunAsync(cancellationToken);
/// </code>
/// </example>
public sealed class Crawler
{
    private readonly Spider _spider;
    private readonly CrawlOptions _options;
    private readonly CrawlerServices _services;

    /// <summary>Creates a crawler.</summary>
    /// <param name="spider">The spider.</param>
    /// <param name="options">The crawl settings; the spider's <see cref="Spider.ConfigureCrawl"/> adjusts them before each run.</param>
    /// <param name="services">Logging, time, back-ends, pipelines and exporters; defaults when null.</param>
    public Crawler(Spider spider, CrawlOptions? options = null, CrawlerServices? services = null)
    {
        ArgumentNullException.ThrowIfNull(spider);
        _spider = spider;
        _options = options ?? new CrawlOptions();
        _services = services ?? new CrawlerServices();
    }

    /// <summary>Crawls until nothing is left, a limit is reached, the login fails for good, or the caller cancels.</summary>
    /// <param name="cancellationToken">Stops the crawl; what was scraped is still flushed.</param>
    /// <returns>How it ended and the final stats. Errors in single requests, callbacks and pipelines are counted, not thrown.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message names the key.</exception>
    public async Task<CrawlResult> RunAsync(CancellationToken cancellationToken = default)
    {
        _spider.ConfigureCrawl(_options);
        _options.Validate();
        var run = new CrawlRun(_spider, _options, _services);
        await using (run.ConfigureAwait(false))
        {
            return await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
