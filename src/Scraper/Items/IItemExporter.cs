namespace Scraper.Items;

/// <summary>Writes items out (a file, a stream, a database). The engine calls it from one task at a time.</summary>
public interface IItemExporter : IAsyncDisposable
{
    /// <summary>Opens the target before the first item.</summary>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>A task that completes when the exporter is ready.</returns>
    ValueTask OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes one item, whole: a crash never leaves half of it behind.</summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the item is written.</returns>
    ValueTask ExportAsync(object item, CancellationToken cancellationToken = default);

    /// <summary>Finishes the output (a closing bracket, a flush) after the last item, also after a cancelled crawl.</summary>
    /// <param name="cancellationToken">Cancels closing.</param>
    /// <returns>A task that completes when everything is written.</returns>
    ValueTask CloseAsync(CancellationToken cancellationToken = default);
}
