namespace Scraper.Items;

/// <summary>
/// An exporter whose output can be made durable at a point and resumed from that point, for exactly-once output
/// across a crash: a job store commits the <see cref="ExportCheckpoint"/> together with the requests whose items it
/// covers, and on resume opens the exporter at the last committed checkpoint. Whatever was written after it (items
/// of requests that will be fetched again, or half a line torn by the crash) is cut off before anything new is written.
/// </summary>
public interface ICheckpointableExporter : IItemExporter
{
    /// <summary>Gets a value indicating whether this exporter can take checkpoints (it writes to a file it opens itself).</summary>
    bool CanCheckpoint { get; }

    /// <summary>
    /// Makes everything written so far durable (flushed and synced to the disk) and returns the position. This costs
    /// a disk sync: take checkpoints per batch of acknowledged requests, not per item.
    /// </summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="InvalidOperationException">The exporter is not open, or <see cref="CanCheckpoint"/> is false.</exception>
    ValueTask<ExportCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the partial output a checkpoint names instead of starting a new one: the file is cut back to the
    /// checkpoint's offset, the exporter's state restored, and nothing is written before the next item (no second header).
    /// </summary>
    /// <param name="checkpoint">The last committed checkpoint.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>A task that completes when the exporter is ready.</returns>
    /// <exception cref="InvalidDataException">The file is missing or shorter than the checkpoint says; the message names it.</exception>
    ValueTask OpenAsync(ExportCheckpoint checkpoint, CancellationToken cancellationToken = default);
}
