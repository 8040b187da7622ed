using BenchmarkDotNet.Attributes;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;

namespace Scraper.Benchmarks;

/// <summary>Per-link scheduling costs: fingerprinting, the duplicate filter at a million entries, the frontier.</summary>
[MemoryDiagnoser]
public class SchedulingBenchmarks
{
    private const int Seen = 1_000_000;
    private readonly Uri[] _urls = [.. Enumerable.Range(0, 30).Select(i => new Uri($"http://127.0.0.1:18080/product/p{i * 37:D5}.html?b=2&a={i}"))];
    private Request[] _links = null!;
    private MemoryDuplicateFilter _filter = null!;
    private RequestFingerprint[] _known = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _links = [.. _urls.Select(url => new Request(url))];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        _filter = new MemoryDuplicateFilter();
        _known = new RequestFingerprint[Seen];
        for (var i = 0; i < Seen; i++)
        {
            _known[i] = RequestFingerprint.Compute(new Request($"http://site.test/product/{i}"));
            await _filter.TryAddAsync(_known[i]);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        // Printed once per run: the memory of a million seen URLs (the fingerprints array excluded).
        Console.WriteLine($"// Duplicate filter with {Seen:N0} fingerprints: {(after - before - (long)Seen * 16) / 1024.0 / 1024.0:F1} MiB");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 30)]
    public ulong Fingerprint30Links()
    {
        ulong total = 0;
        // A new request per link, as in a crawl: a request keeps its canonical URL once computed.
        foreach (var url in _urls)
        {
            total ^= RequestFingerprint.Compute(new Request(url)).Low;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public async Task<int> DuplicateLookupsAtOneMillion()
    {
        var fresh = 0;
        for (var i = 0; i < 1000; i++)
        {
            fresh += await _filter.TryAddAsync(_known[(i * 7919) % Seen]) ? 1 : 0;
        }

        return fresh;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public async Task<int> FrontierPushPop()
    {
        await using var frontier = new MemoryFrontier();
        for (var i = 0; i < 1000; i++)
        {
            await frontier.EnqueueAsync(_links[i % _links.Length] with { Priority = i % 3 });
        }

        var count = 0;
        while (await frontier.TryDequeueAsync() is { } lease)
        {
            await frontier.AcknowledgeAsync(lease);
            count++;
        }

        return count;
    }
}
