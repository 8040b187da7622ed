namespace Scraper.Crawling.Scheduling;

/// <summary>
/// The requests waiting to be crawled. The engine takes a request out as a <see cref="FrontierLease"/> and
/// acknowledges it once the request is fully processed (downloaded, parsed, its items accepted), so a persistent
/// or shared frontier can hand unacknowledged requests out again after a crash: a request is acknowledged only after
/// everything its callback yielded was handled (its requests enqueued, its items accepted by the item sink), so a
/// crash in between repeats the request rather than losing what it would have yielded. Implementations are thread-safe.
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

    /// <summary>
    /// Prepares the frontier for a run before anything is enqueued: a persistent frontier takes the codec of the run's
    /// requests here, and hands out again the requests an earlier run leased and never acknowledged.
    /// </summary>
    /// <param name="context">The run.</param>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    /// <returns>A task that completes when the frontier is ready.</returns>
    ValueTask OpenAsync(FrontierContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>
    /// Returns whether an earlier run of this job already enqueued the spider's start requests, so a resumed run does
    /// not fetch them again. Always false for a frontier that does not outlive the process.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>True when the start requests were seeded.</returns>
    ValueTask<bool> HasSeededStartRequestsAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    /// <summary>Records that every start request has been enqueued.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is stored.</returns>
    ValueTask MarkStartRequestsSeededAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
