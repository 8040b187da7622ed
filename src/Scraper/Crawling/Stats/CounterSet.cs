using System.Collections.Concurrent;

namespace Scraper.Crawling.Stats;

/// <summary>
/// Counters by key (status code, drop reason, error type) that many threads bump at once: the key's counter is
/// found without a lock and incremented atomically, where ConcurrentDictionary.AddOrUpdate would take a lock on
/// every call (measured: a hot spot when every page drops twenty duplicate links).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
internal sealed class CounterSet<TKey>(IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Counter> _counters = new(comparer);

    public void Increment(TKey key) => Interlocked.Increment(ref _counters.GetOrAdd(key, static _ => new Counter()).Value);

    public void Add(TKey key, long amount) => Interlocked.Add(ref _counters.GetOrAdd(key, static _ => new Counter()).Value, amount);

    public SortedDictionary<TKey, long> Snapshot(IComparer<TKey>? order = null)
    {
        var copy = new SortedDictionary<TKey, long>(order);
        foreach (var (key, counter) in _counters)
        {
            copy[key] = Interlocked.Read(ref counter.Value);
        }

        return copy;
    }

    private sealed class Counter
    {
        public long Value;
    }
}
