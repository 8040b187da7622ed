using Scraper.Crawling.Scheduling;

namespace Scraper.Redis;

/// <summary>
/// The crawl's duplicate filter in Redis: one hash of 16-byte fingerprints shared by every worker (HSETNX says whether
/// a fingerprint is new, atomically, so two workers finding one link schedule it once; the value, 8 bytes, names the
/// filter that added it, so an add retried after a lost answer is answered as the first one was). A local
/// <see cref="MemoryDuplicateFilter"/> in front answers the duplicates this worker has seen itself without a round trip.
/// </summary>
/// <remarks>
/// Why exact fingerprints and not a Bloom filter: a Bloom filter's false positive is a page silently never crawled,
/// and nobody can tell which; a 16-byte fingerprint is exact for any crawl size (a 128-bit hash), bounded (about
/// 24 bytes of data plus Redis's hash overhead per request, so 10 million requests fit in well under 2 GB), and needs
/// no module (RedisBloom) or hand-made bit scripts. A user who needs billions of URLs can plug a Bloom filter in
/// through <see cref="IDuplicateFilter"/> and accept its false-positive rate knowingly.
/// </remarks>
internal sealed class RedisDuplicateFilter(RedisCrawl crawl) : IDuplicateFilter
{
    /// <summary>
    /// KEYS seen; ARGV fingerprint, this filter's token. Returns 1 when the fingerprint is new or was added by this
    /// filter (a SADD retried after its answer was lost would say seen, and the request would be lost), else 0.
    /// </summary>
    private const string Add = """
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then return 1 end
        if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 1 end
        return 0
        """;

    private readonly MemoryDuplicateFilter _local = new();

    // One per filter, that is per run of a worker: a later run sees the fingerprints an earlier one added as seen.
    private readonly byte[] _token = Guid.NewGuid().ToByteArray()[..8];

    public async ValueTask<bool> TryAddAsync(RequestFingerprint fingerprint, CancellationToken cancellationToken = default)
    {
        // Seen here before: it was added to Redis then (or is being), so it is a duplicate for the crawl too.
        if (!await _local.TryAddAsync(fingerprint, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // The local filter lets one call per fingerprint through, so an answer naming this token is this call's.
        var added = await crawl.Database.ScriptEvaluateAsync(Add, [crawl.Keys.Seen], [fingerprint.ToBytes(), _token]).ConfigureAwait(false);
        return (long)added == 1;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
