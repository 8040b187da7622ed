using Scraper.Crawling;

namespace Scraper.Items;

/// <summary>
/// An exporter that writes a run's items aside and publishes them only when the run completes, so a cancelled,
/// failed or killed run never replaces the last complete export. The engine closes such an exporter with the run's
/// outcome; <see cref="IItemExporter.CloseAsync"/> closes it as <see cref="CrawlOutcome.Completed"/>.
/// </summary>
public interface IPublishingExporter : IItemExporter
{
    /// <summary>
    /// Finishes the output and puts it in place: moved over the target (atomically) when the run
    /// <see cref="CrawlOutcome.Completed"/> or stopped at a configured limit (<see cref="CrawlOutcome.LimitReached"/>);
    /// kept as a partial file of its own when it was <see cref="CrawlOutcome.Cancelled"/> or <see cref="CrawlOutcome.Failed"/>.
    /// </summary>
    /// <param name="outcome">How the run ended.</param>
    /// <param name="cancellationToken">Cancels closing; the target is then left as it was.</param>
    /// <returns>Where the items are.</returns>
    ValueTask<ExportPublication> CloseAsync(CrawlOutcome outcome, CancellationToken cancellationToken = default);
}
