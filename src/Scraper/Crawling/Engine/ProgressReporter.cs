using Microsoft.Extensions.Logging;
using Scraper.Crawling.Stats;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Logs a progress line every stats interval and hands the stats to <see cref="CrawlerServices.OnProgress"/>, until
/// the run's stop token ends it; the run awaits <see cref="RunAsync"/> before it returns.
/// </summary>
internal sealed class ProgressReporter(TimeSpan interval, CrawlerServices services, CrawlStats stats, ILogger logger, Func<long> pending, Func<int> inFlight)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, services.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var snapshot = stats.Snapshot();
                CrawlLog.Progress(logger, snapshot, pending(), inFlight());
                await ReportAsync(snapshot, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The crawl ended.
        }
    }

    private async Task ReportAsync(CrawlStatsSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (services.OnProgress is not { } report)
        {
            return;
        }

        try
        {
            await report(snapshot, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Progress is informational: a full disk under the run record must not stop the crawl.
            CrawlLog.ProgressFailed(logger, ex, stats.Spider);
        }
    }
}
