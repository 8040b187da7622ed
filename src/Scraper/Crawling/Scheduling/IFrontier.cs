namespace Scraper.Crawling.Scheduling;

/// <summary>
/// The requests waiting to be crawled. The engine takes a request out as a <see cref="FrontierLease"/> and
/// acknowledges it once the request is fully processed (downloaded, parsed, its items accepted), so a persistent
/// or shared frontier can hand unacknowledged requests out again after a crash. Implementations are thread-safe.
/// </summary>
public interface IFrontier : IAsyncDisposable
{
    /// <summary>Gets the number of requests waiting (not counting leased ones).</summary>
    long Count { get; }

    /// <summary>Adds a request. Duplicates are filtered before this by an <see cref="IDuplicateFilter"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the request is stored.</returns>
    ValueTask EnqueueAsync(Request request, CancellationToken cancellationToken = default);

    /// <summary>Takes the next request by priority (highest first), or returns null at once when none is waiting.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The lease, or null.</returns>
    ValueTask<FrontierLease?> TryDequeueAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks a leased request as done: it is never handed out again.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the acknowledgement is stored.</returns>
    ValueTask AcknowledgeAsync(FrontierLease lease, CancellationToken cancellationToken = default);
}
