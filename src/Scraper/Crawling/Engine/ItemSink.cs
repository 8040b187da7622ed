using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Scraper.Crawling.Incremental;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Stats;
using Scraper.Http;
using Scraper.Items;
using Scraper.Telemetry;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Takes the items callbacks yield and passes them through the pipelines to the exporters, one at a time, on a
/// task of its own. The queue in between is bounded: when pipelines or exporters are slow, callbacks wait at
/// <see cref="AcceptAsync(object, Uri)"/>, which holds their request slots and so slows downloads, instead of piling items up.
/// With an <see cref="ICheckpointingFrontier"/>, a request's items come as one <see cref="ItemBatch"/>, and the sink
/// acknowledges the request once they are written, committing acknowledgements with the exporters' checkpoints in
/// batches (see <see cref="ExportCommitter"/>).
/// </summary>
internal sealed class ItemSink
{
    private const int QueueCapacity = 256;

    // Queued after what the requests in flight yielded: once they are written, their acknowledgements are committed.
    private static readonly object CommitMarker = new();

    private readonly string _spiderName;
    private readonly IList<IItemPipeline> _pipelines;
    private readonly IList<IItemExporter> _exporters;
    private readonly CrawlStats _stats;
    private readonly long _maxItems;
    private readonly Action _onLimit;
    private readonly ILogger _logger;
    private readonly CancellationToken _hardStop;
    private readonly ExportCommitter? _committer;
    private readonly IncrementalGate? _incremental;
    // Each entry carries the trace context of the request that yielded it: its pipelines' activity is that request's child.
    private readonly Channel<(object Item, Uri? Source, ActivityContext Parent)> _queue = Channel.CreateBounded<(object, Uri?, ActivityContext)>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly BatchAcknowledger? _acknowledger;
    private readonly CancellationTokenSource _abandon = new();
    private Task _consumer = Task.CompletedTask;

    public ItemSink(string spiderName, CrawlerServices services, CrawlStats stats, long maxItems, Action onLimit, ICheckpointingFrontier? checkpointing = null, IncrementalGate? incremental = null, Action<Exception>? onFailed = null)
    {
        _spiderName = spiderName;
        _pipelines = services.Pipelines;
        _exporters = services.Exporters;
        _stats = stats;
        _maxItems = maxItems;
        _onLimit = onLimit;
        _logger = services.LoggerFactory.CreateLogger("Scraper.Items");
        _hardStop = services.HardStop;
        _incremental = incremental;
        _committer = checkpointing is null ? null : new ExportCommitter(spiderName, checkpointing, _exporters, stats, services.TimeProvider, _logger, incremental, onFailed);
        _acknowledger = _committer is null ? null : new BatchAcknowledger(_committer, incremental);
    }

    /// <summary>Opens the pipelines and exporters; an exporter with a committed checkpoint is reopened at it (a resumed job).</summary>
    public async Task OpenAsync(IReadOnlyList<ExportCheckpoint?> checkpoints, CancellationToken cancellationToken)
    {
        foreach (var pipeline in _pipelines)
        {
            await pipeline.OpenAsync(_spiderName, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < _exporters.Count; i++)
        {
            if (i < checkpoints.Count && checkpoints[i] is { } checkpoint && _exporters[i] is ICheckpointableExporter { CanCheckpoint: true } resumable)
            {
                await resumable.OpenAsync(checkpoint, cancellationToken).ConfigureAwait(false);
                ItemLog.ResumedExport(_logger, _spiderName, checkpoint.Path, checkpoint.Items);
            }
            else
            {
                await _exporters[i].OpenAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _consumer = ConsumeAsync(_abandon.Token);
    }

    /// <summary>
    /// Queues an item; waits while the queue is full (back-pressure). A yielded item is never lost to the crawl
    /// being cancelled: the wait ends only when the consumer frees a place, or when the shutdown deadline abandons it.
    /// </summary>
    public ValueTask AcceptAsync(object item, Uri source) =>
        _queue.Writer.WriteAsync((item, source, ScraperTracing.CurrentRequest()), _abandon.Token);

    /// <summary>Queues the items of one request, to be written together and the request acknowledged after them.</summary>
    public ValueTask AcceptAsync(ItemBatch batch) =>
        _queue.Writer.WriteAsync((batch, null, ScraperTracing.CurrentRequest()), _abandon.Token);

    /// <summary>
    /// Has the acknowledgements committed as soon as everything queued before is written, instead of at the commit
    /// interval: called when the crawl has nothing in flight and waits for work, so a shared crawl does not wait for
    /// this worker's last leases. Nothing to do without a checkpointing frontier.
    /// </summary>
    public ValueTask CommitWhenWrittenAsync(CancellationToken cancellationToken) =>
        _committer is null ? ValueTask.CompletedTask : _queue.Writer.WriteAsync((CommitMarker, null, default), cancellationToken);

    /// <summary>
    /// Processes every queued item, then closes the pipelines. Items already accepted are never lost to a cancelled
    /// crawl: only <paramref name="cancellationToken"/> (the shutdown deadline) cuts this short. The exporters stay
    /// open for <see cref="CloseExportersAsync"/>, once the run's outcome is known.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await using (cancellationToken.Register(_abandon.Cancel).ConfigureAwait(false))
        {
            try
            {
                await _consumer.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
            {
                ItemLog.Abandoned(_logger, _spiderName, _queue.Reader.Count);
            }
        }

        // Flushing and closing run even past the shutdown deadline (they are quick, and skipping them would leave a
        // JSON array unterminated or a database batch unwritten); only a hard stop cuts them short.
        foreach (var pipeline in _pipelines)
        {
            await CloseQuietlyAsync(() => pipeline.CloseAsync(_hardStop), pipeline).ConfigureAwait(false);
        }

        _abandon.Dispose();
    }

    /// <summary>
    /// Closes the exporters with the run's outcome: an exporter that stages its output publishes it only for a
    /// complete run, and otherwise keeps it as a partial file, logged with its path.
    /// </summary>
    public async Task CloseExportersAsync(CrawlOutcome outcome)
    {
        var complete = outcome is CrawlOutcome.Completed or CrawlOutcome.LimitReached;
        if (_committer is not null && complete)
        {
            // Marked finished before the exporters publish; the frontier says what a kill in between leaves (see
            // ICheckpointingFrontier.MarkFinishedAsync): a job file lets its checkpoint go now and starts over next time;
            // a shared Redis crawl keeps it until its frontier sees the export published, and resumes it otherwise.
            await CloseQuietlyAsync(() => _committer.Frontier.MarkFinishedAsync(_hardStop), _committer.Frontier).ConfigureAwait(false);
        }

        foreach (var exporter in _exporters)
        {
            if (_committer is not null && !complete && exporter is ICheckpointableExporter { CanCheckpoint: true } resumable)
            {
                // The job resumes this output from its last committed checkpoint: it stays where it is, unpublished.
                await CloseQuietlyAsync(() => resumable.DisposeAsync(), exporter).ConfigureAwait(false);
                ItemLog.KeptForResume(_logger, _spiderName, outcome);
            }
            else if (exporter is IPublishingExporter publishing)
            {
                await CloseQuietlyAsync(
                    async () =>
                    {
                        var publication = await publishing.CloseAsync(outcome, _hardStop).ConfigureAwait(false);
                        if (!publication.Complete && publication.Path is { } path)
                        {
                            ItemLog.KeptPartial(_logger, _spiderName, outcome, path);
                        }
                    },
                    exporter).ConfigureAwait(false);
            }
            else
            {
                await CloseQuietlyAsync(() => exporter.CloseAsync(_hardStop), exporter).ConfigureAwait(false);
            }
        }
    }

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        // Run the loop off the caller's stack: OpenAsync must return before the first item arrives.
        await Task.Yield();
        var reader = _queue.Reader;
        // With a checkpointing frontier, acknowledgements due are committed while the queue stays empty.
        while (await (_committer?.WaitToReadAsync(reader, cancellationToken) ?? reader.WaitToReadAsync(cancellationToken)).ConfigureAwait(false))
        {
            while (reader.TryRead(out var entry))
            {
                if (ReferenceEquals(entry.Item, CommitMarker))
                {
                    await _committer!.CommitNowAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (entry.Item is ItemBatch batch)
                {
                    foreach (var (item, source) in batch.Items)
                    {
                        await ProcessTimedAsync(item, new ItemContext(_spiderName, source), entry.Parent, cancellationToken).ConfigureAwait(false);
                    }

                    await _acknowledger!.AcknowledgeAsync(batch, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ProcessTimedAsync(entry.Item, new ItemContext(_spiderName, entry.Source!), entry.Parent, cancellationToken).ConfigureAwait(false);
                }
            }

            if (_committer is not null)
            {
                await _committer.CommitIfDueAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // Every accepted item is written: the last acknowledgements go in with the final checkpoints.
        if (_committer is not null)
        {
            await _committer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One item through every pipeline and exporter, timed and traced when a listener wants it.</summary>
    private async Task ProcessTimedAsync(object item, ItemContext context, ActivityContext parent, CancellationToken cancellationToken)
    {
        using var activity = ScraperTracing.StartPipeline(parent, _spiderName);
        if (!_stats.TimesPipelines)
        {
            await ProcessAsync(item, 0, context, cancellationToken).ConfigureAwait(false);
            return;
        }

        var started = _stats.Timestamp();
        await ProcessAsync(item, 0, context, cancellationToken).ConfigureAwait(false);
        _stats.PipelineTimed(started);
    }

    private async Task ProcessAsync(object item, int stage, ItemContext context, CancellationToken cancellationToken)
    {
        if (stage == _pipelines.Count)
        {
            await ExportAsync(item, context, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await foreach (var next in _pipelines[stage].ProcessAsync(item, context, cancellationToken).ConfigureAwait(false))
            {
                await ProcessAsync(next, stage + 1, context, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DropItemException ex)
        {
            _stats.ItemDropped(ex.Reason);
            ItemLog.Dropped(_logger, _spiderName, item.GetType().Name, ex.Reason, UrlRedaction.Redact(context.SourceUrl));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _stats.Error(ex, context.SourceUrl);
            ItemLog.PipelineFailed(_logger, ex, _spiderName, _pipelines[stage].GetType().Name, UrlRedaction.Redact(context.SourceUrl));
        }
    }

    private async Task ExportAsync(object item, ItemContext context, CancellationToken cancellationToken)
    {
        if (_maxItems > 0 && _stats.Items >= _maxItems)
        {
            // Items already on their way when the limit was reached: the output holds exactly MaxItems.
            _stats.ItemDropped("MaxItems reached");
            return;
        }

        // An incremental crawl's keyed item that an earlier export holds as it is now is not written again.
        var version = _incremental is null ? null : await _incremental.CheckAsync(item, cancellationToken).ConfigureAwait(false);
        if (version is { Unchanged: true })
        {
            _stats.Count("items/unchanged");
            return;
        }

        foreach (var exporter in _exporters)
        {
            try
            {
                await exporter.ExportAsync(item, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _stats.Error(ex, context.SourceUrl);
                ItemLog.ExportFailed(_logger, ex, _spiderName, exporter.GetType().Name, UrlRedaction.Redact(context.SourceUrl));
            }
        }

        if (version is { } exported)
        {
            _incremental!.Exported(exported.Key, exported.Digest);
        }

        _stats.ItemScraped();
        if (_maxItems > 0 && _stats.Items >= _maxItems)
        {
            _onLimit();
        }
    }

    private async Task CloseQuietlyAsync(Func<ValueTask> close, object stage)
    {
        try
        {
            await close().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _stats.Error(ex);
            ItemLog.CloseFailed(_logger, ex, _spiderName, stage.GetType().Name);
        }
    }
}
