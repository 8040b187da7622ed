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

    /// <summary>
    /// Adds requests in order: what one page yielded, admitted together. A frontier behind a network (a shared one)
    /// stores them in one round trip instead of one each; the default adds them one at a time.
    /// </summary>
    /// <param name="requests">The requests, already filtered for duplicates.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when every request is stored.</returns>
    async ValueTask EnqueueRangeAsync(IReadOnlyList<Request> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            await EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the next request by priority (highest first), or returns null at once when none is waiting.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The lease, or null.</returns>
    ValueTask<FrontierLease?> TryDequeueAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Called when <see cref="TryDequeueAsync"/> found nothing and this worker has nothing in flight: a frontier shared
    /// by several workers waits here (blocking pops, pub/sub, a wait bounded by the lease timeout; never a polling
    /// loop) until a request may be waiting again, and says whether the engine should look again. It returns false
    /// only when the crawl is over for every worker: nothing waiting and no worker holding a lease. A frontier only
    /// this process fills returns false at once (the default), so the engine ends as it always did.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>True to look for work again; false when the shared frontier is empty and no lease is held anywhere.</returns>
    ValueTask<bool> WaitForWorkAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    /// <summary>
    /// Extends a lease whose request is still being processed, so a frontier with a visibility timeout does not hand
    /// it to another worker meanwhile. A frontier without leases that expire does nothing (the default).
    /// </summary>
    /// <param name="lease">The lease, not yet acknowledged.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the lease is still this worker's; false when it had already expired and may be held by another.</returns>
    ValueTask<bool> ExtendLeaseAsync(FrontierLease lease, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

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
