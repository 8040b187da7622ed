using System.Buffers;

namespace Scraper.Http;

/// <summary>
/// A cap on the bytes that buffered response bodies hold at once, shared by any number of sessions (a crawl shares
/// one across all its sessions). A body reserves its bytes as they are read; when the cap is reached, further
/// reading waits (asynchronously) until other bodies are released, instead of growing the heap.
/// </summary>
/// <remarks>
/// <para>
/// Each body declares the most it may need (its Content-Length, else its size limit, clamped to the budget), and a
/// reservation is granted only while every body in progress can still finish in some order (the banker's algorithm):
/// bodies that wait for each other never deadlock, and the body closest to finishing always progresses. A body
/// larger than the whole budget is read alone, holding the whole budget, and its excess is not counted.
/// </para>
/// <para>
/// A standalone <see cref="Session"/> releases a body's bytes when it returns the response (the budget then bounds
/// bodies being downloaded); the crawler keeps them reserved until the request's callback has finished.
/// </para>
/// </remarks>
public sealed class BodyBudget
{
    /// <summary>The size of the pieces a body of unknown length is read into: under the 85,000-byte large-object threshold.</summary>
    internal const int ChunkSize = 64 * 1024;

    private readonly object _lock = new();
    private readonly List<BodyReservation> _active = [];
    private readonly LinkedList<BodyReservation.Waiter> _waiters = new();
    private (long Need, long Held)[] _scratch = new (long, long)[16];
    private long _held;
    private long _claimed;
    private long _peak;

    /// <summary>Creates a budget.</summary>
    /// <param name="maxBytes">The most bytes buffered bodies may hold at once.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is not positive.</exception>
    public BodyBudget(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        MaxBytes = maxBytes;
        // Every free chunk is kept for reuse, up to the budget: chunks in use never exceed it, so the chunks ever
        // allocated do not either. A chunk handed back to the GC instead would be garbage in the oldest generation
        // (it lived as long as its body), and 8 gzip bombs then peaked at 325 MB of RSS against a 128 MiB budget.
        Chunks = ArrayPool<byte>.Create(ChunkSize, (int)Math.Clamp(maxBytes / ChunkSize, 1, 1 << 14));
    }

    /// <summary>Gets the most bytes buffered bodies may hold at once.</summary>
    public long MaxBytes { get; }

    /// <summary>Gets the bytes held now.</summary>
    public long HeldBytes => Interlocked.Read(ref _held);

    /// <summary>Gets the most bytes held at any one time since the budget was created.</summary>
    public long PeakHeldBytes => Interlocked.Read(ref _peak);

    /// <summary>Gets how many bodies are waiting for bytes now.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>The pool the chunks of bodies of unknown length come from.</summary>
    internal ArrayPool<byte> Chunks { get; }

    /// <summary>Starts accounting for one body that may need up to <paramref name="claim"/> bytes.</summary>
    internal BodyReservation Open(long claim)
    {
        var reservation = new BodyReservation(this, Math.Clamp(claim, 0, MaxBytes));
        lock (_lock)
        {
            _active.Add(reservation);
            _claimed += reservation.Claim;
        }

        return reservation;
    }

    internal ValueTask ReserveAsync(BodyReservation reservation, long bytes, CancellationToken cancellationToken)
    {
        BodyReservation.Waiter waiter;
        lock (_lock)
        {
            // Bytes past the claim are not counted: the claim is clamped to the budget, and a body larger than the
            // whole budget can only get there while it holds all of it.
            bytes = Math.Min(bytes, reservation.Claim - reservation.Held);
            if (bytes <= 0 || TryGrant(reservation, bytes))
            {
                return ValueTask.CompletedTask;
            }

            waiter = new BodyReservation.Waiter(reservation, bytes);
            waiter.Node = _waiters.AddLast(waiter);
        }

        waiter.WatchCancellation(this, cancellationToken);
        return new ValueTask(waiter.Completion.Task);
    }

    internal void Raise(BodyReservation reservation, long claim)
    {
        lock (_lock)
        {
            var raised = Math.Clamp(claim, reservation.Claim, MaxBytes);
            _claimed += raised - reservation.Claim;
            reservation.Claim = raised;
        }
    }

    /// <summary>A body finished reading: it keeps <paramref name="bytes"/> and needs no more.</summary>
    internal void Settle(BodyReservation reservation, long bytes)
    {
        lock (_lock)
        {
            var kept = Math.Clamp(bytes, 0, reservation.Held);
            _held -= reservation.Held - kept;
            _claimed -= reservation.Claim - kept;
            reservation.Held = kept;
            reservation.Claim = kept;
        }

        GrantWaiters();
    }

    internal void Release(BodyReservation reservation)
    {
        lock (_lock)
        {
            if (!_active.Remove(reservation))
            {
                return;
            }

            _held -= reservation.Held;
            _claimed -= reservation.Claim;
            reservation.Held = 0;
            reservation.Claim = 0;
        }

        GrantWaiters();
    }

    internal void Cancel(BodyReservation.Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            _waiters.Remove(waiter.Node);
        }

        waiter.Completion.TrySetCanceled(waiter.CancellationToken);
    }

    private void GrantWaiters()
    {
        List<BodyReservation.Waiter>? granted = null;
        lock (_lock)
        {
            for (var node = _waiters.First; node is not null;)
            {
                var next = node.Next;
                if (TryGrant(node.Value.Reservation, node.Value.Bytes))
                {
                    _waiters.Remove(node);
                    (granted ??= []).Add(node.Value);
                }

                node = next;
            }
        }

        // Outside the lock: a continuation that runs inline must not run under it.
        foreach (var waiter in granted ?? [])
        {
            waiter.Grant();
        }
    }

    private bool TryGrant(BodyReservation reservation, long bytes)
    {
        if (_held + bytes > MaxBytes)
        {
            return false;
        }

        reservation.Held += bytes;
        _held += bytes;
        if (!IsSafe())
        {
            reservation.Held -= bytes;
            _held -= bytes;
            return false;
        }

        if (_held > _peak)
        {
            Interlocked.Exchange(ref _peak, _held);
        }

        return true;
    }

    /// <summary>
    /// Whether every body in progress can still get what it claims, one after another: the one with the smallest
    /// remaining need first, which then gives back what it holds. When all claims fit at once, trivially so.
    /// </summary>
    private bool IsSafe()
    {
        if (_claimed <= MaxBytes)
        {
            return true;
        }

        if (_scratch.Length < _active.Count)
        {
            _scratch = new (long, long)[_active.Count * 2];
        }

        for (var i = 0; i < _active.Count; i++)
        {
            _scratch[i] = (_active[i].Claim - _active[i].Held, _active[i].Held);
        }

        var order = _scratch.AsSpan(0, _active.Count);
        order.Sort(static (a, b) => a.Need.CompareTo(b.Need));
        var free = MaxBytes - _held;
        foreach (var (need, held) in order)
        {
            if (need > free)
            {
                return false;
            }

            free += held;
        }

        return true;
    }
}
