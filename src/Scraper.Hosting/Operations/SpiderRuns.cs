using System.Collections.Concurrent;
using Scraper.Crawling;

namespace Scraper.Hosting.Operations;

/// <summary>
/// The spiders of the host as the operator sees them: each one's schedule, next due time and current run, which the
/// scheduler loop, the health checks and the status page share. A run is started through <see cref="TryStart"/>
/// (one at a time per spider, from the schedule or "run now") and can be stopped alone; the host awaits every run
/// it started before it ends.
/// </summary>
internal sealed class SpiderRuns(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, SpiderRunState> _spiders = new(StringComparer.OrdinalIgnoreCase);
    private Func<string, Task<CrawlResult?>?>? _runNow;

    /// <summary>Gets the spiders, in the order they were registered.</summary>
    public IReadOnlyList<SpiderRunState> Spiders => [.. _spiders.Values.OrderBy(s => s.Order)];

    /// <summary>Gets the state of one spider, or null when it is not one of the host's.</summary>
    public SpiderRunState? Find(string name) => _spiders.GetValueOrDefault(name);

    /// <summary>Lists a spider the host runs, with its schedule (null: none).</summary>
    public void Register(string name, string? schedule) =>
        _spiders[name] = new SpiderRunState(name, schedule, _spiders.Count);

    /// <summary>Lets <see cref="RunNow"/> start runs (the host's scheduler sets it once it runs).</summary>
    public void AcceptRunNow(Func<string, Task<CrawlResult?>?> start) => Volatile.Write(ref _runNow, start);

    /// <summary>Starts a run of the spider now unless one is going; returns false when it could not.</summary>
    public bool RunNow(string name) => Volatile.Read(ref _runNow) is { } start && Find(name) is not null && start(name) is not null;

    /// <summary>
    /// Starts <paramref name="run"/> as the spider's current run unless one is still going (then returns null); its
    /// token is cancelled by <paramref name="stoppingToken"/> or by <see cref="Stop"/>.
    /// </summary>
    public Task<CrawlResult?>? TryStart(string name, Func<CancellationToken, Task<CrawlResult?>> run, CancellationToken stoppingToken)
    {
        var state = Find(name) ?? throw new InvalidOperationException($"Spider '{name}' is not registered.");
        return state.TryStart(run, timeProvider.GetUtcNow(), stoppingToken);
    }

    /// <summary>Stops the spider's current run (as Ctrl+C does for the host: requests in flight finish, items are flushed).</summary>
    /// <returns>True when a run was going.</returns>
    public bool Stop(string name) => Find(name)?.Stop() ?? false;

    /// <summary>Waits until no run the host started is going.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_spiders.Values.Select(s => s.Current ?? Task.CompletedTask));
}
