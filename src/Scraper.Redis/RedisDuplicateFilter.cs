using Scraper.Crawling.Scheduling;

namespace Scraper.Redis;

/// <summary>
/// The crawl's duplicate filter in Redis: one set of 16-byte fingerprints shared by every worker (SADD says whether a
/// fingerprint is new, atomically, so two workers finding one link schedule it once). A local
/// <see cref="MemoryDuplicateFilter"/> in front answers the duplicates this worker has seen itself without a round trip.
/// </summary>
/// <remarks>
/// Why exact fingerprints and not a Bloom filter: a Bloom filter's false positive is a page silently never crawled,
/// and nobody can tell which; a 16-byte fingerprint is exact for any crawl size (a 128-bit hash), bounded (about
/// 16 bytes of data plus Redis's set overhead per request, so 10 million requests fit in well under 2 GB), and needs
/// no module (RedisBloom) or hand-made bit scripts. A user who needs billions of URLs can plug a Bloom filter in
/// through <see cref="IDuplicateFilter"/> and accept its false-positive rate knowingly.
/// </remarks>
internal sealed class RedisDuplicateFilter(RedisCrawl crawl) : IDuplicateFilter
{
    private readonly MemoryDuplicateFilter _local = new();

    public async ValueTask<bool> TryAddAsync(RequestFingerprint fingerprint, CancellationToken cancellationToken = default)
    {
        // Seen here before: it was added to Redis then (or is being), so it is a duplicate for the crawl too.
        if (!await _local.TryAddAsync(fingerprint, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        return await crawl.Database.SetAddAsync(crawl.Keys.Seen, fingerprint.ToBytes()).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
