using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Crawling;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Downloading.HttpCache;
using Scraper.Crawling.Stats;
using Scraper.Hosting.Operations;
using Scraper.Items;
using Scraper.Telemetry;

namespace Scraper.Hosting;

/// <summary>
/// Runs one spider once: a fresh scope (spider, pipelines), its crawl settings bound and validated, its sessions'
/// cookies kept under the state folder, its items written to its output file, the HTTP cache in its download
/// pipeline when turned on, its frontier in its job file (resumable) unless Scraper:Store is Memory, and the run
/// recorded in the history.
/// </summary>
internal sealed partial class SpiderRunner(
    IServiceProvider services,
    IOptions<ScraperHostOptions> hostOptions,
    IOptionsFactory<CrawlOptions> crawlOptions,
    IOptions<HttpCacheOptions> httpCache,
    RunHistory history,
    CrawlJobs jobs,
    ScraperShutdown shutdown,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    ScraperMetrics? metrics = null,
    RunAlerts? alerts = null) : ISpiderRunner
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SpiderRunner>();

    /// <summary>Gets a spider's name without running it (a scope of its own: spiders are transient).</summary>
    public string NameOf(Type spiderType)
    {
        using var scope = services.CreateScope();
        return ((Spider)scope.ServiceProvider.GetRequiredService(spiderType)).Name;
    }

    /// <summary>Binds and validates a spider's crawl settings; throws <see cref="OptionsValidationException"/> naming the key.</summary>
    public CrawlOptions OptionsFor(string spiderName) => crawlOptions.Create(spiderName);

    public async Task<CrawlResult> RunAsync(Type spiderType, CancellationToken cancellationToken)
    {
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var spider = (Spider)scope.ServiceProvider.GetRequiredService(spiderType);
            var options = OptionsFor(spider.Name);
            var host = hostOptions.Value;
            options.SessionStateDirectory ??= Path.Combine(host.StateDirectory, "sessions", spider.Name);
            var started = timeProvider.GetUtcNow();
            // The job first: an unfinished job owns the export file its last commit names, which the crashed run's
            // recovery must leave in place for this run to continue.
            var job = await jobs.OpenAsync(spider.Name, cancellationToken).ConfigureAwait(false);
            await using var jobScope = job.ConfigureAwait(false);
            var resumed = job.ResumedExport;
            if (await history.RecoverCrashedAsync(spider.Name, job.OwnedExports, cancellationToken).ConfigureAwait(false) is { } crashed)
            {
                if (crashed.Partial is { } partial)
                {
                    LogCrashed(spider.Name, crashed.Id, crashed.StartedAt, crashed.Items, partial);
                }
                else
                {
                    LogCrashedEmpty(spider.Name, crashed.Id, crashed.StartedAt);
                }
            }

            // A resumed job goes on as the run it belongs to: the same id and start ({run} and {date} name the same
            // file), and its counters (the items its export holds).
            var resumedRun = await job.ReadRunAsync(cancellationToken).ConfigureAwait(false);
            var runId = resumedRun?.Id ?? OutputPath.NewRunId(started);
            var runStarted = resumedRun?.StartedAt ?? started;
            var carried = resumedRun is null ? null : new CrawlTotals(resumedRun.Requests, resumedRun.Responses, job.ResumedExportItems, resumedRun.Errors);
            if (job.Shared is { } joined)
            {
                // Every worker of a shared crawl records the crawl's one run; a worker restarted under its name goes on
                // with its row's counters and the items its export holds.
                (runId, runStarted) = await SharedRunRecords.BeginAsync(joined, runId, runStarted, cancellationToken).ConfigureAwait(false);
                carried = resumed is null ? null : await SharedRunRecords.CarriedAsync(joined, job.ResumedExportItems, cancellationToken).ConfigureAwait(false);
            }

            var template = host.OutputTemplateOf(spider.Name);
            var zone = ScraperHostOptionsValidator.FindTimeZone(host.TimeZone) ?? TimeZoneInfo.Utc;
            var output = Path.GetFullPath(OutputPath.Resolve(template, spider.Name, runId, runStarted, zone));
            var exporter = ItemExporters.ForFile(output, partialPath: OutputPath.PartialOf(template, output, runId));
            // A resumed job goes on writing the file it owns; the target keeps the last complete export until the job completes.
            exporter.TemporaryPath = resumed ?? OutputPath.TemporaryOf(output, runId);
            // Recorded before the first request, and kept up to date as it goes: a killed run still shows what it did.
            // A shared crawl's record starts when the crawl did, on every worker.
            var running = new RunRecord(spider.Name, job.Shared is null ? started : runStarted, started, RunRecord.Running, null, carried?.Requests ?? 0, carried?.Responses ?? 0, carried?.Items ?? 0, carried?.Errors ?? 0, output, runId, exporter.TemporaryPath, Resumed: carried is not null, Crawl: job.Shared is null ? null : host.Crawl);
            await history.SaveRunningAsync(running, cancellationToken).ConfigureAwait(false);
            await job.SaveRunAsync(JobRunOf(runId, runStarted, running), cancellationToken).ConfigureAwait(false);
            var crawler = new Crawler(spider, options, new CrawlerServices
            {
                LoggerFactory = loggerFactory,
                TimeProvider = timeProvider,
                MeterFactory = scope.ServiceProvider.GetService<IMeterFactory>(),
                Metrics = metrics,
                Pipelines = [.. scope.ServiceProvider.GetServices<IItemPipeline>()],
                DownloadMiddlewares = [.. HttpCacheOf(host), .. scope.ServiceProvider.GetServices<IDownloadMiddleware>()],
                DownloadHandlers = [.. scope.ServiceProvider.GetServices<IDownloadHandler>()],
                // A seeding run fetches nothing, so it publishes no (empty) export over the last one.
                Exporters = host.Seed ? [] : [exporter, .. StreamOf(host, job)],
                ShutdownTimeout = host.ShutdownTimeout,
                FrontierFactory = job.Frontier,
                DuplicateFilterFactory = job.DuplicateFilter,
                SessionStore = job.Sessions,
                PolitenessStateFactory = job.Shared is { } shared ? shared.CreatePolitenessState : null,
                SharedLogin = job.Shared?.Login,
                HardStop = shutdown.HardStop,
                CarriedStats = carried,
                OnProgress = async (stats, token) =>
                {
                    var progress = WithStats(running, stats);
                    if (job.Shared is { } crawl)
                    {
                        progress = await SharedRunRecords.ProgressAsync(crawl, progress, stats, options.StatsInterval, token).ConfigureAwait(false);
                    }

                    await history.SaveRunningAsync(progress, token).ConfigureAwait(false);
                    await job.SaveRunAsync(JobRunOf(runId, runStarted, progress), token).ConfigureAwait(false);
                },
            });

            var result = await crawler.RunAsync(cancellationToken).ConfigureAwait(false);
            var finished = WithStats(running, result.Stats) with { Outcome = result.Outcome.ToString() };
            if (job.Shared is { } crawl)
            {
                // This worker's row of the shared crawl's run, and the crawl's totals and outcome.
                finished = await SharedRunRecords.FinishAsync(crawl, finished, result, shutdown.HardStop).ConfigureAwait(false);
            }

            await job.SaveRunAsync(JobRunOf(runId, runStarted, WithStats(running, result.Stats)), shutdown.HardStop).ConfigureAwait(false);
            await job.EndAsync(result.Outcome, shutdown.HardStop).ConfigureAwait(false);
            if (alerts is not null)
            {
                // Judged against the history before this run joins it.
                await alerts.JudgeAsync(result, job.Shared is null ? null : finished.Items, shutdown.HardStop).ConfigureAwait(false);
            }

            var publication = exporter.Publication;
            // Not closed: a stopped job keeps its export where it is (unpublished), for the next run to continue.
            var kept = publication is { Complete: false } ? publication.Path : publication is null && (job.Job is not null || job.Shared is not null) && File.Exists(exporter.TemporaryPath) ? exporter.TemporaryPath : null;
            if (publication is null && kept is null && !File.Exists(exporter.TemporaryPath) && result.Stats.Items == 0 && result.Outcome == CrawlOutcome.Failed)
            {
                // Refused before its exporters opened (a finished shared crawl, say): the file named is an earlier run's.
                LogRunEndedUnwritten(spider.Name, result.Outcome, output);
            }
            else
            {
                LogRunEnded(spider.Name, result.Outcome, result.Stats.Items, kept ?? publication?.Path ?? output);
            }
            await history.FinishAsync(finished with
            {
                Error = result.Error?.Message,
                Partial = kept,
            }, shutdown.HardStop).ConfigureAwait(false);
            return result;
        }
    }

    // A shared crawl's items also go to its Redis stream, in the commits of this worker's acknowledgements.
    private static IEnumerable<IItemExporter> StreamOf(ScraperHostOptions host, CrawlJob job) =>
        job.Shared is { } shared && host.RedisStream is { } stream ? [shared.CreateStreamExporter(stream, host.RedisStreamMaxLength)] : [];

    private static JobRun JobRunOf(string id, DateTimeOffset started, RunRecord record) =>
        new(id, started, record.Requests, record.Responses, record.Items, record.Errors);

    private RunRecord WithStats(RunRecord record, CrawlStatsSnapshot stats) => record with
    {
        EndedAt = timeProvider.GetUtcNow(),
        Requests = stats.Requests,
        Responses = stats.Responses,
        Items = stats.Items,
        Errors = stats.ErrorCount,
    };

    // Off unless turned on (--cache, Scraper:HttpCache:Enabled, AddHttpCache); entries go under the state folder by default.
    private IEnumerable<IDownloadMiddleware> HttpCacheOf(ScraperHostOptions host)
    {
        var cache = httpCache.Value;
        if (cache.Enabled)
        {
            var directory = cache.Directory ?? Path.Combine(host.StateDirectory, "httpcache");
            yield return new HttpCacheMiddleware(cache, new FileSystemHttpCacheStore(directory, loggerFactory.CreateLogger<FileSystemHttpCacheStore>()), loggerFactory);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spider {Spider}: run {Run} started at {StartedAt} never finished (the process was killed); it had written {Items} items, kept in {Partial}")]
    private partial void LogCrashed(string spider, string? run, DateTimeOffset startedAt, long items, string partial);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spider {Spider}: run {Run} started at {StartedAt} never finished (the process was killed) before anything reached its export file; there is no partial file to keep")]
    private partial void LogCrashedEmpty(string spider, string? run, DateTimeOffset startedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Spider {Spider} {Outcome}: {Items} items written to {Output}")]
    private partial void LogRunEnded(string spider, CrawlOutcome outcome, long items, string output);

    [LoggerMessage(Level = LogLevel.Information, Message = "Spider {Spider} {Outcome} before its export opened: nothing written, {Output} untouched")]
    private partial void LogRunEndedUnwritten(string spider, CrawlOutcome outcome, string output);
}
