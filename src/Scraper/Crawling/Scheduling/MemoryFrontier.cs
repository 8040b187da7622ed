namespace Scraper.Crawling.Scheduling;

/// <summary>
/// An in-memory frontier: highest <see cref="Request.Priority"/> first, first in first out within a priority
/// (breadth-first, which spreads load over sites and reaches shallow pages first). Nothing survives the process.
/// </summary>
public sealed class MemoryFrontier : IFrontier
{
    private readonly PriorityQueue<Request, (int Priority, long Sequence)> _queue = new();
    private readonly Lock _lock = new();
    private long _sequence;

    /// <inheritdoc/>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask EnqueueAsync(Request request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            // The queue pops the smallest key: negate the priority, and order ties by arrival.
            _queue.Enqueue(request, (-request.Priority, _sequence++));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask EnqueueRangeAsync(IReadOnlyList<Request> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        lock (_lock)
        {
            foreach (var request in requests)
            {
                _queue.Enqueue(request, (-request.Priority, _sequence++));
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<FrontierLease?> TryDequeueAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_queue.TryDequeue(out var request, out var key) ? new FrontierLease(request, key.Sequence) : null);
        }
    }

    /// <inheritdoc/>
    public ValueTask AcknowledgeAsync(FrontierLease lease, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
