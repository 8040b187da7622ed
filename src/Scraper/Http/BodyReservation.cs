namespace Scraper.Http;

/// <summary>
/// The bytes one response body holds in a <see cref="BodyBudget"/>. Its counters change under the budget's lock
/// only. Disposing gives them back; disposing twice is harmless.
/// </summary>
internal sealed class BodyReservation : IDisposable
{
    private readonly BodyBudget _budget;

    public BodyReservation(BodyBudget budget, long claim)
    {
        _budget = budget;
        Claim = claim;
    }

    /// <summary>Gets or sets the most this body may still come to hold (clamped to the budget).</summary>
    public long Claim { get; set; }

    /// <summary>Gets or sets the bytes held now.</summary>
    public long Held { get; set; }

    /// <summary>Gets the chunk pool of the budget.</summary>
    public System.Buffers.ArrayPool<byte> Chunks => _budget.Chunks;

    /// <summary>Waits until <paramref name="bytes"/> more may be held.</summary>
    public ValueTask ReserveAsync(long bytes, CancellationToken cancellationToken) => _budget.ReserveAsync(this, bytes, cancellationToken);

    /// <summary>Raises the claim of a body that turned out longer than it declared.</summary>
    public void Raise(long claim) => _budget.Raise(this, claim);

    /// <summary>Reading is over: the body keeps <paramref name="bytes"/> until it is disposed, and gives back the rest.</summary>
    public void Settle(long bytes) => _budget.Settle(this, bytes);

    public void Dispose() => _budget.Release(this);

    /// <summary>A reservation waiting for bytes.</summary>
    internal sealed class Waiter
    {
        private CancellationTokenRegistration _registration;

        public Waiter(BodyReservation reservation, long bytes)
        {
            Reservation = reservation;
            Bytes = bytes;
        }

        public BodyReservation Reservation { get; }

        public long Bytes { get; }

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationToken CancellationToken { get; private set; }

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void WatchCancellation(BodyBudget budget, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                return;
            }

            CancellationToken = cancellationToken;
            _registration = cancellationToken.Register(static state =>
            {
                var (owner, waiter) = ((BodyBudget, Waiter))state!;
                owner.Cancel(waiter);
            }, (budget, this));
            if (Completion.Task.IsCompleted)
            {
                _registration.Dispose();
            }
        }

        public void Grant()
        {
            _registration.Dispose();
            Completion.TrySetResult();
        }
    }
}
