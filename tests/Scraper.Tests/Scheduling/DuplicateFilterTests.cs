using Scraper.Crawling;
using Scraper.Crawling.Scheduling;

namespace Scraper.Tests.Scheduling;

public sealed class DuplicateFilterTests
{
    private static RequestFingerprint Fingerprint(int page) => RequestFingerprint.Compute(new Request($"http://site.test/p/{page}"));

    [Fact]
    public async Task DuplicateFilter_AnswersNewOnceThenSeenAcrossGrowth()
    {
        await using var filter = new MemoryDuplicateFilter();

        // Far past the tables' first size, so every stripe grows several times with entries in place.
        for (var page = 0; page < 20_000; page++)
        {
            Assert.True(await filter.TryAddAsync(Fingerprint(page)));
        }

        for (var page = 0; page < 20_000; page++)
        {
            Assert.False(await filter.TryAddAsync(Fingerprint(page)));
        }

        Assert.Equal(20_000, filter.Count);
    }

    [Fact]
    public async Task DuplicateFilter_KeepsFingerprintsThatShareASlotOrAreZero()
    {
        await using var filter = new MemoryDuplicateFilter();
        // Same stripe and same slot (high bits and low bits alike), different fingerprints: both kept, both found.
        RequestFingerprint first = new(1, 7), second = new(2, 7), zero = default;

        Assert.True(await filter.TryAddAsync(first));
        Assert.True(await filter.TryAddAsync(second));
        Assert.True(await filter.TryAddAsync(zero));
        Assert.False(await filter.TryAddAsync(first));
        Assert.False(await filter.TryAddAsync(second));
        Assert.False(await filter.TryAddAsync(zero));
        Assert.Equal(3, filter.Count);
    }

    [Fact]
    public async Task DuplicateFilter_ConcurrentAddsAdmitEachFingerprintExactlyOnce()
    {
        await using var filter = new MemoryDuplicateFilter();
        var fingerprints = Enumerable.Range(0, 5_000).Select(Fingerprint).ToArray();
        var admitted = new int[fingerprints.Length];

        // Eight workers offer the same fingerprints, each in its own order, while the tables grow under them.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < fingerprints.Length; i++)
            {
                var index = (i * 7919 + worker * 613) % fingerprints.Length;
                if (await filter.TryAddAsync(fingerprints[index]))
                {
                    Interlocked.Increment(ref admitted[index]);
                }
            }
        })));

        Assert.All(admitted, count => Assert.Equal(1, count));
        Assert.Equal(fingerprints.Length, filter.Count);
    }
}
