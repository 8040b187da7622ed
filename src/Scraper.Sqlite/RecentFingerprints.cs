using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// The fingerprints the job saw most recently, exactly, in a table that stops growing at <see cref="MaxSlots"/>: a hit
/// is a duplicate without a look into the file (nearly every link a page has was seen moments ago: the menu, the
/// categories, the pagination); a miss says nothing. Buckets of four slots, one cache line each, picked by the
/// fingerprint's low bits (fingerprints are uniform hashes); a full bucket of a full table forgets its oldest. Not
/// thread-safe: <see cref="SeenFingerprints"/> guards it.
/// </summary>
internal sealed class RecentFingerprints
{
    /// <summary>The most fingerprints kept: 2^20 of 16 bytes, 16 MiB, however large the job.</summary>
    public const int MaxSlots = 1 << 20;

    private const int Ways = 4;
    private readonly int _maxSlots;
    private RequestFingerprint[] _slots;
    private int _count;

    public RecentFingerprints(int maxSlots = MaxSlots, int initialSlots = 1 << 12)
    {
        _maxSlots = maxSlots;
        _slots = new RequestFingerprint[Math.Min(initialSlots, maxSlots)];
    }

    /// <summary>Gets how many slots the table has now (it grows until <see cref="MaxSlots"/>).</summary>
    public int Capacity => _slots.Length;

    public bool Contains(RequestFingerprint fingerprint)
    {
        var bucket = Bucket(_slots, fingerprint);
        return bucket[0] == fingerprint || bucket[1] == fingerprint || bucket[2] == fingerprint || bucket[3] == fingerprint;
    }

    public void Add(RequestFingerprint fingerprint)
    {
        // The all-zero fingerprint marks an empty slot; it is never cached (a miss only costs a look into the file).
        if (fingerprint == default || Contains(fingerprint))
        {
            return;
        }

        // Grown at half full, while it may: fuller, a bucket of four overflows often enough to send lookups to the file.
        if (_count >= _slots.Length / 2 && _slots.Length < _maxSlots)
        {
            Grow();
        }

        if (Insert(_slots, fingerprint))
        {
            _count++;
        }
    }

    // Newest first in its bucket: a full bucket drops its last (oldest) slot. Returns whether a slot was filled.
    private static bool Insert(RequestFingerprint[] slots, RequestFingerprint fingerprint)
    {
        var bucket = Bucket(slots, fingerprint);
        var filled = bucket[Ways - 1] == default;
        bucket[..(Ways - 1)].CopyTo(bucket[1..]);
        bucket[0] = fingerprint;
        return filled;
    }

    private static Span<RequestFingerprint> Bucket(RequestFingerprint[] slots, RequestFingerprint fingerprint) =>
        slots.AsSpan((int)(fingerprint.Low & (ulong)(slots.Length - 1)) & ~(Ways - 1), Ways);

    private void Grow()
    {
        var larger = new RequestFingerprint[_slots.Length * 2];
        var count = 0;
        // Oldest first, so each bucket of the larger table keeps its newest first.
        for (var start = 0; start < _slots.Length; start += Ways)
        {
            for (var way = Ways - 1; way >= 0; way--)
            {
                if (_slots[start + way] is var fingerprint && fingerprint != default && Insert(larger, fingerprint))
                {
                    count++;
                }
            }
        }

        _slots = larger;
        _count = count;
    }
}
