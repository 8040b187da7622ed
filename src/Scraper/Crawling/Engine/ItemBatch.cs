using Scraper.Crawling.Scheduling;

namespace Scraper.Crawling.Engine;

/// <summary>
/// The items one request's callback (or errback) yielded, held until it ends and then queued to the item sink as one
/// entry, so they lie together in the output and the request is acknowledged right after the last of them is written.
/// Used only with an <see cref="ICheckpointingFrontier"/>: a checkpoint must never cover half of a request's items.
/// </summary>
internal sealed class ItemBatch(FrontierLease lease)
{
    public FrontierLease Lease { get; } = lease;

    public List<(object Item, Uri Source)> Items { get; } = [];

    /// <summary>Gets or sets a value indicating whether the request's answer was parsed (an incremental crawl records it as visited).</summary>
    public bool Parsed { get; set; }

    public ValueTask AddAsync(object item, Uri source)
    {
        Items.Add((item, source));
        return ValueTask.CompletedTask;
    }
}
