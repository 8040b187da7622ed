using Scraper.Crawling.Scheduling;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// The crawl's duplicate filter in Redis: one set of 16-byte fingerprints shared by every worker, added to by the
/// frontier's admitting script together with the request (so two workers finding one link queue it once). A plain
/// set is enough for retries too: as the add and the queueing are one script, an admit retried after a lost answer
/// that finds its fingerprint there was queued by its first attempt (or by another worker), so no link is lost. The
/// filter itself only reads, which any retry may repeat. A redirect's target fetched in place is recorded by this
/// worker only. A local
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

        // Only looked up: the frontier records the fingerprint in the script that queues the request (a worker killed
        // between the two could otherwise leave a link marked seen that nobody fetches), and a second worker that
        // admits the same link at the same moment finds it recorded there and queues nothing.
        return !await crawl.Database.SetContainsAsync(crawl.Keys.Seen, fingerprint.ToBytes()).ConfigureAwait(false);
    }

    public async ValueTask<bool[]> TryAddRangeAsync(IReadOnlyList<RequestFingerprint> fingerprints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        var added = new bool[fingerprints.Count];
        var unknown = new List<int>(added.Length);
        for (var i = 0; i < added.Length; i++)
        {
            if (_local.TryAdd(fingerprints[i]))
            {
                unknown.Add(i);
            }
        }

        if (unknown.Count == 0)
        {
            return added;
        }

        // The links this worker has not seen, looked up in one round trip (SMISMEMBER).
        var recorded = await crawl.Database.SetContainsAsync(crawl.Keys.Seen, [.. unknown.Select(i => (RedisValue)fingerprints[i].ToBytes())]).ConfigureAwait(false);
        for (var j = 0; j < unknown.Count; j++)
        {
            added[unknown[j]] = !recorded[j];
        }

        return added;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
