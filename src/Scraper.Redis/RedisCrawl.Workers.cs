using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Scraper.Crawling.Stats;

namespace Scraper.Redis;

/// <summary>
/// What this worker tells the others about itself (its stats row: state, leases held, heartbeat, failure reason) and
/// reads of the crawl's rows that a status page can afford: sent once, without the crawl's retries.
/// </summary>
public sealed partial class RedisCrawl
{
    // The frontiers of this worker's runs not disposed yet (one at a time in practice): their leases are its leases.
    private readonly ConcurrentDictionary<RedisFrontier, byte> _frontiers = new();
    private RedisCommands? _once;

    /// <summary>Gets how many requests this worker holds leased now, across its open frontiers.</summary>
    internal long HeldLeases => _frontiers.Keys.Sum(frontier => (long)frontier.Held);

    /// <summary>
    /// Gets the crawl's commands sent once, without retries: a status page asks every second, and a Redis that is gone
    /// must show as gone at once rather than pile up reads that retry for minutes.
    /// </summary>
    private RedisCommands DatabaseOnce => LazyInitializer.EnsureInitialized(ref _once, () =>
        new RedisCommands(_database, new RedisRetry(new RedisCrawlOptions { RetryTimeout = TimeSpan.Zero }, Address, TimeProvider.System, NullLogger.Instance), _closing.Token));

    /// <summary>Stores this worker's row with its run's state, why it failed, and how often it writes the row while it runs.</summary>
    /// <param name="stats">The worker's stats so far.</param>
    /// <param name="state"><c>Running</c>, or the run's outcome once it ended.</param>
    /// <param name="reason">Why the run failed; null when it did not.</param>
    /// <param name="interval">How often the row is written while the run goes on (a reader tells a silent worker by it).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    internal Task RecordStatsAsync(CrawlStatsSnapshot stats, string state, string? reason, TimeSpan interval, CancellationToken cancellationToken) =>
        RedisStats.RecordAsync(this, stats, state, reason, interval, cancellationToken);

    /// <summary>Reads every worker's row once, without retries (a status page's read).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    internal Task<RedisCrawlStats> ReadStatsOnceAsync(CancellationToken cancellationToken) => RedisStats.ReadAsync(this, DatabaseOnce, cancellationToken);

    internal void Forget(RedisFrontier frontier) => _frontiers.TryRemove(frontier, out _);

    private RedisFrontier Track(RedisFrontier frontier)
    {
        _frontiers[frontier] = 0;
        return frontier;
    }
}
