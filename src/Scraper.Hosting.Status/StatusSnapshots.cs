using System.Collections.Concurrent;
using Scraper.Hosting.Operations;
using Scraper.Telemetry;

namespace Scraper.Hosting.Status;

/// <summary>
/// Takes the page's snapshot: the scheduler's spiders, the crawls running now (from <see cref="ScraperMetrics.Runs"/>),
/// the last runs of the history, which is read again only when the file changed, and on a shared crawl its workers.
/// </summary>
internal sealed class StatusSnapshots(SpiderRuns runs, RunHistory history, ScraperMetrics metrics, StatusWorkers workers, TimeProvider timeProvider)
{
    private const int HistoryShown = 20;
    private const int ErrorsShown = 10;

    // The last crawl seen of each spider: its errors stay on the page after it ends.
    private readonly ConcurrentDictionary<string, LiveCrawl> _lastSeen = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _historyLock = new(1, 1);
    private (DateTime Written, long Length) _historyVersion;
    private IReadOnlyList<RunRecord> _history = [];

    public async Task<StatusSnapshot> TakeAsync(CancellationToken cancellationToken = default)
    {
        var live = new Dictionary<string, LiveCrawl>(StringComparer.OrdinalIgnoreCase);
        foreach (var run in metrics.Runs)
        {
            live[run.Spider] = run;
            _lastSeen[run.Spider] = run;
        }

        var spiders = runs.Spiders.Select(spider => new SpiderStatus(
            spider.Name,
            spider.Schedule,
            spider.NextDue,
            spider.RunningSince,
            live.TryGetValue(spider.Name, out var run) ? LiveOf(run) : null,
            _lastSeen.TryGetValue(spider.Name, out var last) ? [.. last.Stats.RecentErrors().TakeLast(ErrorsShown).Reverse()] : [])).ToList();
        var history = await HistoryAsync(cancellationToken).ConfigureAwait(false);
        return new StatusSnapshot(timeProvider.GetUtcNow(), spiders, history, await workers.TakeAsync(cancellationToken).ConfigureAwait(false));
    }

    private static LiveStatus LiveOf(LiveCrawl run)
    {
        var stats = run.Stats.Snapshot();
        return new LiveStatus(
            stats.Requests,
            stats.Responses,
            stats.Items,
            Math.Round(stats.PagesPerMinute, 1),
            Math.Round(stats.ItemsPerMinute, 1),
            stats.ErrorCount,
            stats.Retries,
            run.InFlight,
            run.FrontierSize,
            run.BrowserPagesOpen,
            run.PausedDomains);
    }

    private async Task<IReadOnlyList<RunRecord>> HistoryAsync(CancellationToken cancellationToken)
    {
        var file = new FileInfo(history.Path);
        var version = file.Exists ? (file.LastWriteTimeUtc, file.Length) : default;
        await _historyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (version != _historyVersion)
            {
                _history = [.. (await history.ReadLastAsync(HistoryShown, cancellationToken).ConfigureAwait(false)).Reverse()];
                _historyVersion = version;
            }

            return _history;
        }
        finally
        {
            _historyLock.Release();
        }
    }
}
