namespace Scraper.Items;

/// <summary>
/// A durable position in a file exporter's output, from <see cref="ICheckpointableExporter.CheckpointAsync"/>: every
/// byte before <see cref="Offset"/> is on the disk, and the exporter's own state at that point is here too, so
/// <see cref="ICheckpointableExporter.OpenAsync(ExportCheckpoint, CancellationToken)"/> can carry on as if it had never
/// stopped. Serializable with System.Text.Json (a job store keeps it beside the requests it acknowledges).
/// </summary>
/// <param name="Path">The file being written: the run's temporary file, or the target itself when appending.</param>
/// <param name="Offset">The length of the file at the checkpoint, in bytes; what lies past it is cut off on reopening.</param>
/// <param name="Items">The items written by then (a JSON array needs it to tell whether the next item takes a comma).</param>
/// <param name="Columns">The CSV columns once the header row is in the file (or the file was appended to); null otherwise.</param>
public sealed record ExportCheckpoint(string Path, long Offset, long Items, IReadOnlyList<string>? Columns = null);
