using Microsoft.Extensions.Options;

namespace Scraper.Hosting.Status;

/// <summary>
/// The shared crawl's workers for the page, read from Redis at each snapshot (one read at a time, never retried), so
/// the page shows every worker of the crawl live, not only this process; the last rows read stay when Redis is gone.
/// </summary>
internal sealed class StatusWorkers(SharedCrawl shared, IOptions<ScraperHostOptions> host, TimeProvider timeProvider)
{
    // A read that takes longer is shown as Redis not answering: the page refreshes every second or so.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _read = new(1, 1);
    private IReadOnlyList<WorkerStatus> _last = [];

    public async Task<SharedCrawlStatus?> TakeAsync(CancellationToken cancellationToken)
    {
        if (!shared.Enabled)
        {
            return null;
        }

        var name = host.Value.Crawl ?? "";
        var worker = SharedWorker.NameOf(host.Value);
        await _read.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (stats, problem) = await shared.ReadWorkersAsync(ReadTimeout, cancellationToken).ConfigureAwait(false);
            if (stats is not null)
            {
                var now = timeProvider.GetUtcNow();
                _last = [.. stats.Workers.Select(row => new WorkerStatus(
                    row.Worker,
                    row.IsSilent(now) ? "Silent" : row.State,
                    row.Responses,
                    row.Items,
                    row.Errors,
                    row.Leases,
                    row.Heartbeat,
                    row.Reason))];
            }

            return new SharedCrawlStatus(name, worker, problem, _last);
        }
        finally
        {
            _read.Release();
        }
    }
}
