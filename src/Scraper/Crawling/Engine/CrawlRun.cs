using Microsoft.Extensions.Logging;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Stats;
using Scraper.Telemetry;

namespace Scraper.Crawling.Engine;

/// <summary>
/// One crawl of one spider, from start to orderly end; it owns no policy. It builds the run's parts (frontier,
/// sessions, politeness slots, scheduler, downloader, item sink), seeds the start requests, and hands
/// <see cref="CrawlLoop"/> the work for each request the loop starts: download, callback, then its items and its
/// acknowledgement, every failure absorbed (each step in its own class). Taking requests from the frontier within the
/// global concurrency, and knowing when the crawl is done, are the loop's. At the end it drains the requests in
/// flight, flushes the items, closes the exporters by the outcome, and closes the sessions (which save their cookie
/// jars). Everything here lives for one run only, so a spider type can run again in the same process.
/// </summary>
internal sealed class CrawlRun : IAsyncDisposable
{
    private readonly Spider _spider;
    private readonly CrawlOptions _options;
    private readonly CrawlerServices _services;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CrawlStats _stats;
    private readonly IFrontier _frontier;
    private readonly ICheckpointingFrontier? _checkpointing;
    private readonly IDuplicateFilter _duplicates;
    private readonly DomainSlots _slots;
    private readonly RequestDownloader _downloader;
    private readonly SpiderSessionPool _sessions;
    private readonly ItemSink _items;
    private readonly OffsiteFilter _offsite;
    private readonly RequestScheduler _scheduler;
    private readonly CallbackRunner _callbacks;
    private readonly CrawlLoop _loop;
    private readonly Func<TimeSpan, CancellationToken, Task> _waitWithoutGlobalPlace;
    private readonly Func<FrontierLease, CancellationToken, Task> _process;
    private readonly CancellationTokenSource _fatal = new();
    private readonly ScraperMetrics _metrics;
    private readonly bool _ownsMetrics;
    private long _processed;
    private long _answered;
    private string? _limitReached;
    private Exception? _fatalError;
    // Set once the pipelines and exporters are open: only then are they drained and closed at the end.
    private bool _itemsOpened;

    public CrawlRun(Spider spider, CrawlOptions options, CrawlerServices services)
    {
        _spider = spider;
        _options = options;
        _services = services;
        _time = services.TimeProvider;
        _logger = services.LoggerFactory.CreateLogger("Scraper.Crawler");
        _ownsMetrics = services.Metrics is null;
        _metrics = services.Metrics ?? new ScraperMetrics(services.MeterFactory);
        _stats = new CrawlStats(spider.Name, _time, _metrics);
        if (services.CarriedStats is { } carried)
        {
            _stats.Carry(carried);
        }
        _frontier = services.FrontierFactory();
        _checkpointing = _frontier as ICheckpointingFrontier;
        // Idle with nothing in flight: what was acknowledged is committed at once (other workers wait for those leases).
        // The sink is made below; the loop calls this only once the run is going.
        _loop = new CrawlLoop(_frontier, options.ConcurrentRequests, _time, () => Volatile.Read(ref _limitReached) is not null, cancellationToken => _items!.CommitWhenWrittenAsync(cancellationToken));
        _duplicates = services.DuplicateFilterFactory();
        _sessions = new SpiderSessionPool(spider, options, services, _stats);
        // With proxies, a slot is per proxy and host: the site sees (and limits) each proxy as one client.
        _slots = new DomainSlots(options, _time, _sessions.Proxies is { } proxies ? proxies.KeyOf : null, services.PolitenessStateFactory?.Invoke(options, _time));
        var incremental = Incremental.IncrementalGate.Create(spider, _frontier, options, _time);
        _items = new ItemSink(spider.Name, services, _stats, options.MaxItems, OnItemLimit, _checkpointing, incremental, Fail);
        _offsite = new OffsiteFilter(spider.AllowedDomains);
        _scheduler = new RequestScheduler(spider.Name, options, _offsite, _duplicates, _frontier, _stats, _logger, _loop.Wake, () => Volatile.Read(ref _limitReached) is not null, incremental);
        _callbacks = new CallbackRunner(spider, _stats, _logger, _items, _scheduler);
        // One delegate each for the run, not one per request.
        _waitWithoutGlobalPlace = _loop.WaitWithoutGlobalPlaceAsync;
        _process = ProcessAsync;
        _downloader = new RequestDownloader(spider, options, services, _stats, _logger, _sessions, _slots, _duplicates, _offsite, _scheduler, _callbacks, ReachLimit);
    }

    public async Task<CrawlResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _fatal.Token);
        CrawlLog.Started(_logger, _spider.Name);
        // Listed from here to the end: the gauges and the status page read what the run holds now.
        using var live = _metrics.Track(new LiveCrawl(_stats, _time, () => _frontier.Count, () => _loop.InFlight, _slots.Paused));
        // A resumed exactly-once job reopens its exporters at their last committed checkpoints.
        var checkpoints = _checkpointing is null ? [] : await _checkpointing.LoadCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        Task? progress = null;
        // Failed until shown otherwise: an exception nobody expected must not publish a partial export as complete.
        var outcome = CrawlOutcome.Failed;
        try
        {
            await _frontier.OpenAsync(new FrontierContext(_spider, _options.FingerprintIncludesSession, _services.ConfigureRequests), stop.Token).ConfigureAwait(false);
            // Asked before any output is opened: a run the frontier refuses (a shared crawl already finished) leaves
            // no file behind, not even an empty temporary one.
            var seeded = await _frontier.HasSeededStartRequestsAsync(stop.Token).ConfigureAwait(false);
            await OpenItemsAsync(checkpoints, cancellationToken).ConfigureAwait(false);
            progress = new ProgressReporter(_options.StatsInterval, _services, _stats, _logger, () => _frontier.Count, () => _loop.InFlight).RunAsync(stop.Token);
            await SeedAsync(seeded, stop.Token).ConfigureAwait(false);

            await _loop.RunAsync(_process, stop.Token).ConfigureAwait(false);
            outcome = CrawlOutcome.Completed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = CrawlOutcome.Cancelled;
        }
        catch (OperationCanceledException) when (_fatal.IsCancellationRequested)
        {
            outcome = CrawlOutcome.Failed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _fatalError ??= ex;
            outcome = CrawlOutcome.Failed;
        }
        finally
        {
            // Requests in flight observe the stop token; wait for them so that every item they yielded is flushed.
            using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(_services.HardStop);
            shutdown.CancelAfter(_services.ShutdownTimeout);
            await _loop.DrainAsync(shutdown.Token).ConfigureAwait(false);
            if (_itemsOpened)
            {
                await _items.DrainAsync(shutdown.Token).ConfigureAwait(false);
            }

            // Every item is through by now, so the outcome is final, and the exporters publish (or keep aside) by it.
            outcome = FinalOutcome(outcome);
            if (_itemsOpened)
            {
                await _items.CloseExportersAsync(outcome).ConfigureAwait(false);
            }

            await _sessions.CloseAsync().ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            if (progress is not null)
            {
                await progress.ConfigureAwait(false);
            }
        }

        if (_fatalError is not null)
        {
            CrawlLog.Stopped(_logger, _fatalError, _spider.Name, _fatalError.Message);
        }

        var stats = _stats.Snapshot();
        CrawlLog.Finished(_logger, outcome, stats);
        return new CrawlResult(_spider.Name, outcome, stats, _fatalError);
    }

    public async ValueTask DisposeAsync()
    {
        await _frontier.DisposeAsync().ConfigureAwait(false);
        await _duplicates.DisposeAsync().ConfigureAwait(false);
        _slots.Dispose();
        _sessions.Dispose();
        _loop.Dispose();
        _fatal.Dispose();
        if (_ownsMetrics)
        {
            _metrics.Dispose();
        }
    }

    private async Task OpenItemsAsync(IReadOnlyList<Items.ExportCheckpoint?> checkpoints, CancellationToken cancellationToken)
    {
        await _items.OpenAsync(checkpoints, cancellationToken).ConfigureAwait(false);
        _itemsOpened = true;
    }

    /// <summary>
    /// Enqueues the start requests, unless an earlier run of this job did (<paramref name="seeded"/>: a resumed job goes on from its frontier).
    /// Marked only once all are in: a run stopped while seeding seeds again from the first (start requests skip the
    /// duplicate filter, so one a stopped run had already fetched is fetched again).
    /// </summary>
    private async Task SeedAsync(bool seeded, CancellationToken cancellationToken)
    {
        if (seeded)
        {
            CrawlLog.Resumed(_logger, _spider.Name, _frontier.Count);
            return;
        }

        // Admitted a batch at a time, so a long list of start URLs goes into a shared frontier in few round trips.
        var admissions = new AdmissionBatch(_scheduler);
        await foreach (var request in _spider.StartRequestsAsync(cancellationToken).ConfigureAwait(false))
        {
            await admissions.AddAsync(request with { Depth = 0 }, cancellationToken).ConfigureAwait(false);
        }

        await admissions.FlushAsync(cancellationToken).ConfigureAwait(false);

        await _frontier.MarkStartRequestsSeededAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Processes one request to the end. Never throws: every failure is logged, counted and absorbed here.</summary>
    private async Task ProcessAsync(FrontierLease lease, CancellationToken cancellationToken)
    {
        var request = lease.Request;
        var context = new DownloadContext(_spider, _sessions.For(request.Session), _stats, _time, _waitWithoutGlobalPlace);
        // Exactly once: the request's items are held together and acknowledged by the sink once they are written.
        // In memory there is nothing to commit, so items go straight to the sink and the lease is acknowledged here.
        var batch = _checkpointing is null ? null : new ItemBatch(lease);
        context.Items = batch;
        using var activity = ScraperTracing.StartRequest(_spider.Name, request, context.Session.Name);
        try
        {
            var response = await _downloader.DownloadAsync(request, context, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                Interlocked.Increment(ref _answered);
                await _callbacks.RunCallbackAsync(request, response, batch, cancellationToken).ConfigureAwait(false);
                _callbacks.CountPageDecisions(response);
                batch?.Parsed = true;
            }

            if (batch is null)
            {
                await _frontier.AcknowledgeAsync(lease, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                cancellationToken.ThrowIfCancellationRequested();
                await _items.AcceptAsync(batch).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _processed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the request stays unacknowledged, so a persistent frontier hands it out again on resume.
        }
        catch (LoginFailedException ex)
        {
            Fail(ex);
        }
        catch (Exception ex)
        {
            ScraperTracing.Failed(activity, ex);
            _stats.Error(ex, lease.Request.Url);
            CrawlLog.CallbackFailed(_logger, ex, _spider.Name, lease.Request.ToString());
        }
        finally
        {
            // The bytes of every answer go back to the memory budget: the callback is done with the one it got,
            // and the middlewares discarded the others (retried, redirected, logged out). A response a middleware
            // built itself (a cache hit) holds none.
            context.ReleaseAll();
            _loop.Finished();
        }
    }

    /// <summary>
    /// The outcome once every item is through: the item limit is counted where items are exported, which may be after
    /// the last page was parsed, and a fatal error (a login that failed for good) wins over everything.
    /// </summary>
    private CrawlOutcome FinalOutcome(CrawlOutcome outcome)
    {
        if (_fatalError is not null)
        {
            return CrawlOutcome.Failed;
        }

        // A job's run in which every request failed (the site down, or moved since the job stored its URLs) has not
        // crawled anything: its export must not be published as complete. The failed requests stay in the job (the
        // item sink did not acknowledge them), so the next run tries them again.
        if (outcome == CrawlOutcome.Completed && _checkpointing is { WithholdsFailedRequests: true } && Interlocked.Read(ref _processed) > 0 && Interlocked.Read(ref _answered) == 0)
        {
            _fatalError = new InvalidOperationException($"Every request of this run failed ({Interlocked.Read(ref _processed):N0}), none was answered: the run is failed, its export kept unpublished and its requests kept in the job for the next run.");
            return CrawlOutcome.Failed;
        }

        return outcome == CrawlOutcome.Completed && Volatile.Read(ref _limitReached) is not null ? CrawlOutcome.LimitReached : outcome;
    }

    private void OnItemLimit() => ReachLimit("MaxItems");

    private void ReachLimit(string limit)
    {
        if (Interlocked.CompareExchange(ref _limitReached, limit, null) is null)
        {
            CrawlLog.LimitReached(_logger, _spider.Name, limit);
            _loop.Wake.Set();
        }
    }

    private void Fail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _fatalError, error, null) is null)
        {
            _fatal.Cancel();
        }
    }
}
