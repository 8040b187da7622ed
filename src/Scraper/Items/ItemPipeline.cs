using System.Runtime.CompilerServices;

namespace Scraper.Items;

/// <summary>
/// A pipeline stage for items of one type: override <see cref="ProcessAsync(T, ItemContext, CancellationToken)"/>
/// to transform or drop them. Items of other types pass through untouched.
/// </summary>
/// <typeparam name="T">The item type handled.</typeparam>
public abstract class ItemPipeline<T> : IItemPipeline
    where T : notnull
{
    /// <inheritdoc/>
    public async IAsyncEnumerable<object> ProcessAsync(object item, ItemContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        yield return item is T typed ? await ProcessAsync(typed, context, cancellationToken).ConfigureAwait(false) : item;
    }

    /// <summary>Processes one item of type <typeparamref name="T"/>.</summary>
    /// <param name="item">The item.</param>
    /// <param name="context">Where it came from.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>The item passed on (records make a changed copy one <c>with</c> away).</returns>
    /// <exception cref="DropItemException">The item is dropped.</exception>
    protected abstract ValueTask<T> ProcessAsync(T item, ItemContext context, CancellationToken cancellationToken);
}
