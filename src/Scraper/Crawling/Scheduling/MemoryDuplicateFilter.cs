namespace Scraper.Crawling.Scheduling;

/// <summary>
/// An in-memory duplicate filter: fingerprints stored inline in open-addressed tables, split into stripes that each
/// take their own short lock. A million fingerprints take 32 MiB (16 bytes each, in tables kept under three quarters full).
/// </summary>
/// <remarks>
/// Nearly every link a crawl sees is a duplicate, so the lookup is the hot path. A dictionary of nodes costs a cache
/// miss for the bucket and another for the node (measured at ~220 ns per link inside a crawl, where the DOM churn
/// keeps evicting the cache); here a lookup reads one slot array. Fingerprints are uniform hashes, so their high
/// bits pick the stripe and their low bits the slot.
/// </remarks>
public sealed class MemoryDuplicateFilter : IDuplicateFilter
{
    private const int StripeBits = 6;
    private readonly Stripe[] _stripes = [.. Enumerable.Range(0, 1 << StripeBits).Select(_ => new Stripe())];

    /// <summary>Gets the number of fingerprints seen.</summary>
    public int Count => _stripes.Sum(stripe => stripe.Count);

    /// <inheritdoc/>
    public ValueTask<bool> TryAddAsync(RequestFingerprint fingerprint, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TryAdd(fingerprint));

    /// <inheritdoc/>
    public ValueTask<bool[]> TryAddRangeAsync(IReadOnlyList<RequestFingerprint> fingerprints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        var added = new bool[fingerprints.Count];
        for (var i = 0; i < added.Length; i++)
        {
            added[i] = TryAdd(fingerprints[i]);
        }

        return ValueTask.FromResult(added);
    }

    /// <summary>Records a fingerprint.</summary>
    /// <param name="fingerprint">The request's fingerprint.</param>
    /// <returns>True when it is new; false for a duplicate.</returns>
    public bool TryAdd(RequestFingerprint fingerprint) => _stripes[(int)(fingerprint.High >> (64 - StripeBits))].TryAdd(fingerprint);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>One lock and one linear-probing table; the all-zero fingerprint marks an empty slot, so it is kept aside.</summary>
    private sealed class Stripe
    {
        private readonly Lock _lock = new();
        private RequestFingerprint[] _slots = new RequestFingerprint[64];
        private int _count;
        private bool _hasZero;

        public int Count => Volatile.Read(ref _count);

        public bool TryAdd(RequestFingerprint fingerprint)
        {
            lock (_lock)
            {
                if (fingerprint == default)
                {
                    if (_hasZero)
                    {
                        return false;
                    }

                    _hasZero = true;
                    _count++;
                    return true;
                }

                if (!Insert(_slots, fingerprint))
                {
                    return false;
                }

                // Grown at three quarters full, so probe runs stay short.
                if (++_count > _slots.Length / 4 * 3)
                {
                    Grow();
                }

                return true;
            }
        }

        private static bool Insert(RequestFingerprint[] slots, RequestFingerprint fingerprint)
        {
            var mask = slots.Length - 1;
            for (var index = (int)fingerprint.Low & mask; ; index = (index + 1) & mask)
            {
                ref var slot = ref slots[index];
                if (slot == fingerprint)
                {
                    return false;
                }

                if (slot == default)
                {
                    slot = fingerprint;
                    return true;
                }
            }
        }

        private void Grow()
        {
            var larger = new RequestFingerprint[_slots.Length * 2];
            foreach (var fingerprint in _slots)
            {
                if (fingerprint != default)
                {
                    Insert(larger, fingerprint);
                }
            }

            _slots = larger;
        }
    }
}
