using Scraper.Crawling.Scheduling;
using Scraper.Items;

namespace Scraper.Crawling.Incremental;

/// <summary>
/// A checkpointing frontier that also remembers, across the runs of its job, which pages were visited (when, and whether
/// they gave items) and which item keys were exported with what content, for an <see cref="IncrementalCrawl"/>. What a
/// run learns is committed in the same transaction as the acknowledgements and export checkpoints it goes with, so a
/// crash never records an item as exported that the resumed export no longer holds.
/// </summary>
public interface ICrawlHistory : ICheckpointingFrontier
{
    /// <summary>Returns the last committed visit of a page.</summary>
    /// <param name="page">The page's key: its fingerprint, combined with its <see cref="Request.IncrementalKey"/> when it has one.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The visit, or null when the page was never visited.</returns>
    ValueTask<PageVisit?> LastVisitAsync(RequestFingerprint page, CancellationToken cancellationToken = default);

    /// <summary>Returns the content digest an item key was last exported with.</summary>
    /// <param name="key">The item's key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The digest, or null when the key was never exported.</returns>
    ValueTask<UInt128?> ItemDigestAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Acknowledges requests, stores the exporters' checkpoints and records the visits and exported item versions that
    /// go with them, atomically.
    /// </summary>
    /// <param name="acknowledged">The leases to acknowledge.</param>
    /// <param name="checkpoints">The exporters' positions.</param>
    /// <param name="changes">The visits and item versions to record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the transaction is committed.</returns>
    ValueTask CommitAsync(IReadOnlyList<FrontierLease> acknowledged, IReadOnlyList<ExportCheckpoint?> checkpoints, CrawlHistoryChanges changes, CancellationToken cancellationToken = default);
}

/// <summary>One visit of a page.</summary>
/// <param name="VisitedAt">When its answer was parsed.</param>
/// <param name="Items">How many items its callback yielded.</param>
public readonly record struct PageVisit(DateTimeOffset VisitedAt, int Items);

/// <summary>What a run learned since its last commit: pages visited and item versions exported.</summary>
public sealed class CrawlHistoryChanges
{
    /// <summary>Gets the pages visited, by page key (see <see cref="ICrawlHistory.LastVisitAsync"/>).</summary>
    public Dictionary<RequestFingerprint, PageVisit> Visits { get; } = [];

    /// <summary>Gets the item versions exported: the content digest by item key.</summary>
    public Dictionary<string, UInt128> Items { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether there is nothing to record.</summary>
    public bool IsEmpty => Visits.Count == 0 && Items.Count == 0;
}
