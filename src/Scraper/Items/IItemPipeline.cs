namespace Scraper.Items;

/// <summary>
/// One stage that items pass through, in order, before they are exported: it can transform an item, validate it,
/// drop it (throw <see cref="DropItemException"/> with a reason, which is counted) or fan it out into several.
/// Stages run one item at a time, so they need no locking; a slow stage slows the crawl down instead of letting
/// items pile up in memory.
/// </summary>
public interface IItemPipeline
{
    /// <summary>Called once before the first item; open connections or files here.</summary>
    /// <param name="spiderName">The spider whose items follow.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>A task that completes when the stage is ready.</returns>
    ValueTask OpenAsync(string spiderName, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Processes one item.</summary>
    /// <param name="item">The item.</param>
    /// <param name="context">Where the item came from.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>The items passed on: usually the item itself, none to drop it silently, several to fan it out.</returns>
    /// <exception cref="DropItemException">The item is dropped; the reason is counted in the stats.</exception>
    IAsyncEnumerable<object> ProcessAsync(object item, ItemContext context, CancellationToken cancellationToken = default);

    /// <summary>Called once after the last item, also when the crawl was cancelled; flush here.</summary>
    /// <param name="cancellationToken">Cancels closing.</param>
    /// <returns>A task that completes when the stage is closed.</returns>
    ValueTask CloseAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
