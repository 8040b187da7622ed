using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// What the job knows about fingerprints without looking into the file, under one short lock of its own (not the
/// job's, which a commit holds for milliseconds): those admitted in this process and not written yet (exact; they
/// go into the file with their request, see <see cref="JobAdmits"/>), the ones seen recently (<see cref="RecentFingerprints"/>,
/// exact) and a Bloom filter of all of them (<see cref="FingerprintBloom"/>, loaded from the file at the first lookup).
/// Memory stays bounded: the recent table stops growing at 16 MiB, the Bloom filter takes two bytes a fingerprint, and
/// the unwritten ones are at most a batch.
/// </summary>
internal sealed class SeenFingerprints
{
    private readonly Lock _lock = new();
    private readonly HashSet<RequestFingerprint> _pending = [];
    private readonly RecentFingerprints _recent;
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
            if (_pending.Contains(fingerprint) || _recent.Contains(fingerprint))
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
            if (_pending.Contains(fingerprint) || _recent.Contains(fingerprint))
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

    /// <summary>Forgets that fingerprints are unwritten, once the transaction that wrote them is committed.</summary>
    public void Written(IEnumerable<RequestFingerprint> fingerprints)
    {
        lock (_lock)
        {
            foreach (var fingerprint in fingerprints)
            {
                _pending.Remove(fingerprint);
            }
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
            foreach (var fingerprint in unwritten.Concat(_pending))
            {
                if (!bloom.MayContain(fingerprint))
                {
                    bloom.Add(fingerprint);
                }
            }

            _bloom = bloom;
        }
    }

    private void Claim(RequestFingerprint fingerprint)
    {
        _pending.Add(fingerprint);
        _recent.Add(fingerprint);
        _bloom?.Add(fingerprint);
    }
}
