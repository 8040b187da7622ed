using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// What the job knows about fingerprints without looking into the file, under one short lock of its own (not the
/// job's, which a commit holds for milliseconds): those claimed in this process and not written yet (exact; they
/// go into the file with their request, see <see cref="JobAdmits"/>), those in the file's seen log and not yet merged
/// into its index (exact, see <see cref="SeenLog"/>), the ones seen recently (<see cref="RecentFingerprints"/>, exact)
/// and a Bloom filter of all of them (<see cref="FingerprintBloom"/>, loaded from the file at the first lookup).
/// Memory stays bounded: the recent table stops growing at 16 MiB, the Bloom filter takes two bytes a fingerprint, the
/// log's are at most <see cref="SeenLog.MergeAt"/>, and a claim never written (a redirect hop, a request an incremental
/// crawl skipped: admitted, never queued) is moved out to the file's temporary claims after two writes (<see cref="SpilledClaims"/>).
/// </summary>
internal sealed class SeenFingerprints
{
    private readonly Lock _lock = new();
    // Claimed and not written: since the last write, and since the one before (spilled at the next write, see TakeStale).
    private HashSet<RequestFingerprint> _pending = [];
    private HashSet<RequestFingerprint> _older = [];
    private readonly HashSet<RequestFingerprint> _unindexed = [];
    private RecentFingerprints _recent;
    private FingerprintBloom? _bloom;

    public SeenFingerprints(RecentFingerprints? recent = null)
    {
        _recent = recent ?? new RecentFingerprints();
    }

    /// <summary>What the job knows about a fingerprint without the file.</summary>
    public enum Answer
    {
        /// <summary>Seen: a duplicate.</summary>
        Duplicate,

        /// <summary>Certainly not in the job: now claimed (to be written with its request).</summary>
        New,

        /// <summary>Not known here: the file must say.</summary>
        AskTheFile,
    }

    /// <summary>Gets a value indicating whether the Bloom filter holds the file's fingerprints (until then every miss asks the file).</summary>
    public bool Loaded
    {
        get
        {
            lock (_lock)
            {
                return _bloom is not null;
            }
        }
    }

    /// <summary>Answers from memory; a <see cref="Answer.New"/> fingerprint is claimed.</summary>
    public Answer TryClaim(RequestFingerprint fingerprint)
    {
        lock (_lock)
        {
            if (Known(fingerprint))
            {
                return Answer.Duplicate;
            }

            if (_bloom is null || _bloom.MayContain(fingerprint))
            {
                return Answer.AskTheFile;
            }

            Claim(fingerprint);
            return Answer.New;
        }
    }

    /// <summary>Claims a fingerprint the file does not have, unless another caller claimed it meanwhile; false for a duplicate.</summary>
    public bool TryClaimAbsent(RequestFingerprint fingerprint)
    {
        lock (_lock)
        {
            if (Known(fingerprint))
            {
                return false;
            }

            Claim(fingerprint);
            return true;
        }
    }

    /// <summary>Remembers a fingerprint the file has, so the next look for it stays in memory.</summary>
    public void Found(RequestFingerprint fingerprint)
    {
        lock (_lock)
        {
            _recent.Add(fingerprint);
        }
    }

    /// <summary>
    /// Notes a fingerprint about to be written with its request, whether or not the filter admitted it (a request
    /// enqueued without the filter, or one that opted out of it), so the Bloom filter keeps every one the file will have.
    /// </summary>
    public void Note(RequestFingerprint fingerprint)
    {
        lock (_lock)
        {
            _recent.Add(fingerprint);
            if (_bloom is not null && !_bloom.MayContain(fingerprint))
            {
                _bloom.Add(fingerprint);
            }
        }
    }

    /// <summary>Gets how many fingerprints are in the file's seen log and not in its index.</summary>
    public int Unindexed
    {
        get
        {
            lock (_lock)
            {
                return _unindexed.Count;
            }
        }
    }

    /// <summary>Gets how many claims are waiting for their request (tests check that it stays bounded).</summary>
    public int Unwritten
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count + _older.Count;
            }
        }
    }

    /// <summary>Gets a value indicating whether some claims are unwritten since the write before the last (<see cref="TakeStale"/>).</summary>
    public bool HasStale
    {
        get
        {
            lock (_lock)
            {
                return _older.Count > 0;
            }
        }
    }

    /// <summary>Notes fingerprints that are in the file's seen log, once the transaction that wrote them is committed (or as the job opens).</summary>
    public void Written(IEnumerable<RequestFingerprint> fingerprints)
    {
        lock (_lock)
        {
            foreach (var fingerprint in fingerprints)
            {
                _pending.Remove(fingerprint);
                _older.Remove(fingerprint);
                _unindexed.Add(fingerprint);
            }
        }
    }

    /// <summary>Forgets the seen log's fingerprints once they are merged into the index (the file answers for them now).</summary>
    public void Indexed()
    {
        lock (_lock)
        {
            _unindexed.Clear();
        }
    }

    /// <summary>
    /// Returns the claims still unwritten since the write before the last (a request is enqueued moments after its
    /// claim, so these were admitted and dropped); the caller moves them to the file's temporary claims, then calls
    /// <see cref="Spilled"/>. Both under the job's lock, so no lookup into the file misses them in between.
    /// </summary>
    public List<RequestFingerprint> TakeStale()
    {
        lock (_lock)
        {
            return [.. _older];
        }
    }

    /// <summary>Forgets the claims <see cref="TakeStale"/> returned (now in the file's temporary claims); the newer ones age by one write.</summary>
    public void Spilled()
    {
        lock (_lock)
        {
            _older.Clear();
            (_older, _pending) = (_pending, _older);
        }
    }

    /// <summary>
    /// Builds the Bloom filter from the file's fingerprints and those on their way to it. Called under the job's
    /// lock, so nothing is written meanwhile; fingerprints claimed meanwhile are in the pending set, which goes in too.
    /// </summary>
    public void Load(long count, IEnumerable<RequestFingerprint> stored, IEnumerable<RequestFingerprint> unwritten)
    {
        var bloom = new FingerprintBloom(count);
        foreach (var fingerprint in stored)
        {
            bloom.Add(fingerprint);
        }

        lock (_lock)
        {
            foreach (var fingerprint in unwritten.Concat(_pending).Concat(_older))
            {
                if (!bloom.MayContain(fingerprint))
                {
                    bloom.Add(fingerprint);
                }
            }

            _bloom = bloom;
        }
    }

    /// <summary>Empties the recent table, as the links of a long crawl do in time (tests reach the file's answers without a million fingerprints).</summary>
    internal void ForgetRecent()
    {
        lock (_lock)
        {
            _recent = new RecentFingerprints();
        }
    }

    private bool Known(RequestFingerprint fingerprint) =>
        _pending.Contains(fingerprint) || _older.Contains(fingerprint) || _unindexed.Contains(fingerprint) || _recent.Contains(fingerprint);

    private void Claim(RequestFingerprint fingerprint)
    {
        _pending.Add(fingerprint);
        _recent.Add(fingerprint);
        _bloom?.Add(fingerprint);
    }
}
