namespace Scraper.Items;

/// <summary>Where a file exporter's output ended when it was closed, from <see cref="IPublishingExporter.CloseAsync(Crawling.CrawlOutcome, CancellationToken)"/>.</summary>
/// <param name="Path">The file holding this run's items; null for an exporter writing to a caller's stream.</param>
/// <param name="Complete">
/// True when the items were published as the target (or appended to it); false when the run did not complete and
/// they were kept in a partial file of their own, leaving the last complete export as it was.
/// </param>
public sealed record ExportPublication(string? Path, bool Complete);
