using Scraper.Crawling;
using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite.Tests;

/// <summary>The duplicate filter's memory in front of the job file: bounded, and never wrong about a duplicate.</summary>
public sealed class SeenFingerprintsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void RecentFingerprints_ManyMoreThanItsBound_StaysAtTheBound_AndNeverClaimsOneItWasNotGiven()
    {
        var recent = new RecentFingerprints(maxSlots: 64, initialSlots: 16);
        var given = Fingerprints(10_000, seed: 1);
        foreach (var fingerprint in given)
        {
            recent.Add(fingerprint);
        }

        Assert.Equal(64, recent.Capacity);
        Assert.True(recent.Contains(given[^1]));
        Assert.DoesNotContain(Fingerprints(10_000, seed: 2), recent.Contains);
        // A full table keeps the newest of each bucket: nearly all of its slots hold one of the last ones given.
        Assert.InRange(given.Count(recent.Contains), 48, 64);
    }

    [Fact]
    public void FingerprintBloom_PastItsFirstLayer_SaysMaybeToEveryFingerprintAdded_AndRarelyToOthers()
    {
        var bloom = new FingerprintBloom(expected: 0);
        var added = Fingerprints(FingerprintBloom.MinimumCapacity * 3, seed: 3);
        foreach (var fingerprint in added)
        {
            bloom.Add(fingerprint);
        }

        Assert.All(added, fingerprint => Assert.True(bloom.MayContain(fingerprint)));
        var falsePositives = Fingerprints(100_000, seed: 4).Count(bloom.MayContain);
        Assert.InRange(falsePositives, 0, 1_000);
        // Two bytes a fingerprint in layers that double: three layers' worth here, well under 16 bytes each.
        Assert.InRange(bloom.Bytes, added.Count * 2, added.Count * 4);
    }

    [Fact]
    public void SeenFingerprints_StoredOnesPastTheRecentTable_AreAskedOfTheFile_NewOnesAreNot()
    {
        var seen = new SeenFingerprints(new RecentFingerprints(maxSlots: 16, initialSlots: 16));
        var stored = Fingerprints(1_000, seed: 5);
        var unwritten = Fingerprints(10, seed: 6);
        seen.Load(stored.Count, stored, unwritten);

        // The recent table knows none of them, the Bloom filter all: the file is asked, never answered "new".
        Assert.All(stored.Concat(unwritten), fingerprint => Assert.Equal(SeenFingerprints.Answer.AskTheFile, seen.TryClaim(fingerprint)));
        var fresh = Fingerprints(1_000, seed: 7);
        Assert.InRange(fresh.Count(fingerprint => seen.TryClaim(fingerprint) == SeenFingerprints.Answer.New), 990, 1_000);
        // Claimed, and not written yet: a duplicate from memory, however full the recent table is.
        Assert.All(fresh, fingerprint => Assert.NotEqual(SeenFingerprints.Answer.New, seen.TryClaim(fingerprint)));
        Assert.Equal(SeenFingerprints.Answer.Duplicate, seen.TryClaim(fresh[0]));
    }

    [Fact]
    public async Task DuplicateFilter_ReopenedJob_RefusesEveryStoredFingerprint_AndAdmitsEachNewOneOnce()
    {
        var path = _folder.File("job.db");
        var first = Enumerable.Range(0, 3_000).Select(i => new Request($"https://shop.test/p/{i}")).ToList();
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            var frontier = job.CreateFrontier();
            await frontier.OpenAsync(QueueSpider.Context());
            var filter = job.CreateDuplicateFilter();
            foreach (var request in first)
            {
                Assert.True(await filter.TryAddAsync(RequestFingerprint.Compute(request)));
                await frontier.EnqueueAsync(request);
            }
        }

        await using var reopened = await SqliteCrawlJob.OpenAsync(path);
        var again = reopened.CreateDuplicateFilter();
        foreach (var request in first)
        {
            Assert.False(await again.TryAddAsync(RequestFingerprint.Compute(request)));
        }

        // Eight callers at once on the same new links: each link is admitted exactly once.
        var next = Enumerable.Range(0, 2_000).Select(i => RequestFingerprint.Compute(new Request($"https://shop.test/q/{i}"))).ToList();
        var admitted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var count = 0;
            foreach (var fingerprint in next)
            {
                count += await again.TryAddAsync(fingerprint) ? 1 : 0;
            }

            return count;
        })));
        Assert.Equal(next.Count, admitted.Sum());
    }

    [Fact]
    public async Task DuplicateFilter_RequestEnqueuedWithoutAskingIt_IsADuplicateOnceWritten()
    {
        // A request enqueued without the filter (a retry, say) is in the file's fingerprints, so the Bloom filter has it too.
        await using var job = await SqliteCrawlJob.OpenAsync(_folder.File("job.db"));
        var frontier = job.CreateFrontier();
        await frontier.OpenAsync(QueueSpider.Context());
        var request = new Request("https://shop.test/retried");
        await frontier.EnqueueAsync(request);
        Assert.NotNull(await frontier.TryDequeueAsync());

        Assert.False(await job.CreateDuplicateFilter().TryAddAsync(RequestFingerprint.Compute(request)));
    }

    private static List<RequestFingerprint> Fingerprints(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => new RequestFingerprint((ulong)random.NextInt64() ^ ((ulong)random.Next() << 63), (ulong)random.NextInt64()))];
    }
}
