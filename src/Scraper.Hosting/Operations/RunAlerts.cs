using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Crawling;

namespace Scraper.Hosting.Operations;

/// <summary>
/// Judges each finished run against the spider's previous successful one: a failed run, or one with fewer items than
/// <see cref="AlertOptions.MinItemsRatio"/> of the previous, logs an error with both numbers and leaves the spider
/// degraded for readiness until a run is fine again. Spiders not run yet in this process are judged by the last
/// run in the history.
/// </summary>
internal sealed partial class RunAlerts(RunHistory history, IOptions<AlertOptions> options, ILogger<RunAlerts> logger)
{
    // How far back the history is read for the previous successful run: one line per run.
    private const int HistoryRead = 1000;

    private readonly ConcurrentDictionary<string, string?> _problems = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _load = new(1, 1);
    private bool _loaded;

    /// <summary>Gets each judged spider's problem (null: its last run was fine).</summary>
    public async Task<IReadOnlyDictionary<string, string?>> ProblemsAsync(CancellationToken cancellationToken = default)
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, string?>(_problems, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Judges a run that just ended, before it is appended to the history.</summary>
    /// <param name="result">The run.</param>
    /// <param name="items">
    /// The items to judge when not the run's own: a shared crawl's record counts every worker's, so its workers judge
    /// the crawl's total against the previous one, not their share of it.
    /// </param>
    /// <param name="cancellationToken">Cancels reading the history.</param>
    public async Task JudgeAsync(CrawlResult result, long? items = null, CancellationToken cancellationToken = default)
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (result.Outcome == CrawlOutcome.Cancelled)
        {
            // Stopped by the operator or the host: says nothing about the site.
            return;
        }

        var previous = await PreviousSuccessfulItemsAsync(result.Spider, cancellationToken).ConfigureAwait(false);
        var judged = items ?? result.Stats.Items;
        var ratio = options.Value.MinItemsRatio;
        if (result.Outcome == CrawlOutcome.Failed)
        {
            LogFailed(result.Spider, judged, Describe(previous), result.Error?.Message ?? "see the errors above");
            _problems[result.Spider] = $"the last run failed with {judged} items ({Describe(previous)})";
        }
        else if (previous is { } last && last > 0 && ratio > 0 && judged < ratio * last)
        {
            LogTooFewItems(result.Spider, judged, last, ratio);
            _problems[result.Spider] = $"the last run returned {judged} items, fewer than {ratio:P0} of the previous successful run's {last}";
        }
        else
        {
            _problems[result.Spider] = null;
        }
    }

    // Said in words, not as a raw value: a spider's first run has no previous one to compare with.
    private static string Describe(long? items) => items is { } count ? $"the previous successful run had {count} items" : "no previous successful run";

    private async Task<long?> PreviousSuccessfulItemsAsync(string spider, CancellationToken cancellationToken)
    {
        var runs = await history.ReadLastAsync(HistoryRead, cancellationToken).ConfigureAwait(false);
        return runs.LastOrDefault(r => string.Equals(r.Spider, spider, StringComparison.OrdinalIgnoreCase) && IsSuccess(r.Outcome))?.Items;
    }

    private static bool IsSuccess(string outcome) =>
        outcome is nameof(CrawlOutcome.Completed) or nameof(CrawlOutcome.LimitReached);

    // Readiness right after a restart: the last recorded run of each spider, failed or crashed, still counts.
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loaded))
        {
            return;
        }

        await _load.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
            {
                return;
            }

            foreach (var run in await history.ReadLastAsync(HistoryRead, cancellationToken).ConfigureAwait(false))
            {
                _problems[run.Spider] = run.Outcome is nameof(CrawlOutcome.Failed) or RunRecord.Crashed ? $"the last run ({run.Id ?? run.StartedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)}) {run.Outcome.ToLowerInvariant()}" : null;
            }

            Volatile.Write(ref _loaded, true);
        }
        finally
        {
            _load.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Spider {Spider}: the run failed with {Items} items; {Previous} ({Reason})")]
    private partial void LogFailed(string spider, long items, string previous, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Spider {Spider}: the run returned {Items} items, fewer than {Ratio} of the previous successful run's {PreviousItems}")]
    private partial void LogTooFewItems(string spider, long items, long previousItems, double ratio);
}
