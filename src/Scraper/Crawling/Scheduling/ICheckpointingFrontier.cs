using Scraper.Items;

namespace Scraper.Crawling.Scheduling;

/// <summary>
/// A persistent frontier that gives exactly-once output across a crash: the engine acknowledges a request only once
/// every item its callback yielded is written, and commits a batch of such acknowledgements together with the
/// exporters' checkpoints in one transaction (<see cref="CommitAsync"/>). On resume it opens each exporter at its last
/// committed checkpoint (<see cref="LoadCheckpointsAsync"/>), so what was written after it is cut off and written
/// again by the requests handed out again: nothing is missing and nothing is written twice.
/// </summary>
public interface ICheckpointingFrontier : IFrontier
{
    /// <summary>Gets how many acknowledgements the engine collects before it commits them (each commit syncs the exports to the disk).</summary>
    int CommitBatchSize => 256;

    /// <summary>Gets how long acknowledgements may wait before the engine commits them, checked whenever the item queue runs empty.</summary>
    TimeSpan CommitInterval => TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets a value indicating whether a request that failed with no item stays unacknowledged until some request of
    /// the run is answered, so a run in which every request fails keeps them for the next run (and fails). A frontier
    /// shared by several workers says false: the others wait for its leases, so a failed request is done, as in memory.
    /// </summary>
    bool WithholdsFailedRequests => true;

    /// <summary>Returns the exporters' last committed checkpoints, by their position in <c>CrawlerServices.Exporters</c>.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per exporter committed (null for one that cannot checkpoint); empty when nothing was committed.</returns>
    ValueTask<IReadOnlyList<ExportCheckpoint?>> LoadCheckpointsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Acknowledges requests whose items are all written, and stores the exporters' checkpoints that cover those items,
    /// atomically: after a crash, either all of it is stored or none.
    /// </summary>
    /// <param name="acknowledged">The leases to acknowledge.</param>
    /// <param name="checkpoints">The exporters' positions, by exporter position (null for one that cannot checkpoint).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the transaction is committed.</returns>
    ValueTask CommitAsync(IReadOnlyList<FrontierLease> acknowledged, IReadOnlyList<ExportCheckpoint?> checkpoints, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the crawl ran to its end (completed, or stopped at a limit), after the last commit and before the
    /// exporters publish. What a kill between this mark and the publication leaves is the implementation's choice, as
    /// long as no committed item is lost or published twice:
    /// <list type="bullet">
    /// <item>let the checkpoint go with this mark (a job file): the next run starts over, since the unpublished file is
    /// no longer the job's, rather than resume an export that may already be published;</item>
    /// <item>or keep the checkpoint until the export is seen published, when the frontier is disposed (a shared Redis
    /// crawl, whose acknowledged requests are not crawled again: it marks the worker publishing, and restarted, the
    /// worker resumes and publishes its temporary file if it is still there, or drops the checkpoint if it is gone).</item>
    /// </list>
    /// </summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the mark is stored.</returns>
    ValueTask MarkFinishedAsync(CancellationToken cancellationToken = default);
}
