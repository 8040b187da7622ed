using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Engine;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Scheduling.Storage;
using Scraper.Http.SessionStores;
using Scraper.Items;

namespace Scraper.Crawling;

/// <summary>
/// What a <see cref="Crawler"/> runs with besides the spider and its options: logging, time, the frontier and
/// duplicate filter back-ends, item pipelines and exporters, and (for tests) the transport of its sessions.
/// </summary>
public sealed class CrawlerServices
{
    /// <summary>Gets the logger factory.</summary>
    /// <value>
    /// The default value writes information and above to standard error, one line each: the crawl's start, its
    /// progress every <see cref="CrawlOptions.StatsInterval"/>, retries, failures and the final summary. Set
    /// <c>NullLoggerFactory.Instance</c> for silence, or your own factory (Serilog, Microsoft.Extensions.Logging.Console).
    /// </value>
    public ILoggerFactory LoggerFactory { get; init; } = new ConsoleLoggerFactory();

    /// <summary>Gets the clock for delays, retries, cookie expiry and stats.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets the factory of the crawl's meter; a meter of its own when null.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>
    /// Gets the instruments of the meter <c>Scraper</c> shared by every run of a process (a host registers one), which
    /// also list the crawls running now; when null, each run makes its own from <see cref="MeterFactory"/>.
    /// </summary>
    public Telemetry.ScraperMetrics? Metrics { get; init; }

    /// <summary>Gets the frontier factory, called once per run.</summary>
    /// <value>The default value makes an in-memory frontier.</value>
    public Func<IFrontier> FrontierFactory { get; init; } = static () => new MemoryFrontier();

    /// <summary>Gets the duplicate filter factory, called once per run.</summary>
    /// <value>The default value makes an in-memory filter.</value>
    public Func<IDuplicateFilter> DuplicateFilterFactory { get; init; } = static () => new MemoryDuplicateFilter();

    /// <summary>
    /// Gets the factory of the crawl's politeness state (per-domain concurrency, delay, Crawl-delay, Retry-After
    /// pauses), called once per run with the run's options and clock; a shared state makes the limits hold across workers.
    /// </summary>
    /// <value>The default value is null: politeness kept in the process.</value>
    public Func<CrawlOptions, TimeProvider, Downloading.Politeness.IPolitenessState>? PolitenessStateFactory { get; init; }

    /// <summary>Gets what makes each login run once for a crawl several workers share; null (the default) logs in per process.</summary>
    public Downloading.Login.ISharedLogin? SharedLogin { get; init; }

    /// <summary>
    /// Gets where the spider's sessions keep their cookies between runs (a job's store); it wins over
    /// <see cref="CrawlOptions.SessionStateDirectory"/>.
    /// </summary>
    /// <value>The default value is null: a cookie file per session in <see cref="CrawlOptions.SessionStateDirectory"/>, when set.</value>
    public ISessionStore? SessionStore { get; init; }

    /// <summary>
    /// Gets what adds to the spider's <see cref="RequestRegistry"/> (after <see cref="Spider.ConfigureRequests"/>): the
    /// request features of download middlewares that a persistent frontier must store. Only a persistent frontier calls it.
    /// </summary>
    public Action<RequestRegistry>? ConfigureRequests { get; init; }

    /// <summary>Gets the item pipeline stages, in order.</summary>
    public IList<IItemPipeline> Pipelines { get; init; } = [];

    /// <summary>
    /// Gets the download middlewares added to the built-in ones (robots, redirects, login, retry, politeness),
    /// each placed by its <see cref="IDownloadMiddleware.Order"/>.
    /// </summary>
    public IList<IDownloadMiddleware> DownloadMiddlewares { get; init; } = [];

    /// <summary>
    /// Gets the download handlers tried before HTTP through the request's session: the first that can handle a
    /// request downloads it.
    /// </summary>
    public IList<IDownloadHandler> DownloadHandlers { get; init; } = [];

    /// <summary>Gets the exporters every item that passes the pipelines is written to.</summary>
    public IList<IItemExporter> Exporters { get; init; } = [];

    /// <summary>
    /// Gets a factory of the innermost HTTP handler of each session, by session name: canned responses or a
    /// recorder in tests. Null (the default) means real connections.
    /// </summary>
    public Func<string, HttpMessageHandler>? HandlerFactory { get; init; }

    /// <summary>Gets how long flushing pipelines and saving sessions may take once the crawl is stopping.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets a callback awaited every <see cref="CrawlOptions.StatsInterval"/> with the stats so far (the host keeps
    /// its run record up to date with it, so a killed run still shows what it had done); none when null. A callback
    /// that throws is logged and called again at the next interval.
    /// </summary>
    public Func<Stats.CrawlStatsSnapshot, CancellationToken, ValueTask>? OnProgress { get; init; }

    /// <summary>
    /// Gets the counters of a resumed job's earlier runs: the run's stats start from them, so they are cumulative over
    /// the job (the host passes what the job stored when it stopped).
    /// </summary>
    /// <value>The default value is null: the stats start from zero.</value>
    public Stats.CrawlTotals? CarriedStats { get; init; }

    /// <summary>Gets a token that cuts the shutdown waits short (a second Ctrl+C): the crawl then stops at once.</summary>
    public CancellationToken HardStop { get; init; }
}
