using Scraper.Crawling.Incremental;
using Scraper.Crawling.Scheduling;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Acknowledges a request once its items are written (through the <see cref="ExportCommitter"/>), and records it as
/// visited for an incremental crawl. A request that failed with no item is held unacknowledged until some request of
/// the run is answered: in a run where every request fails (the site down, or moved since the job stored its URLs),
/// they stay in the job for the next run to try again, and the run ends as failed (see <c>CrawlRun</c>). Called by the
/// item sink's one consumer task only.
/// </summary>
internal sealed class BatchAcknowledger(ExportCommitter committer, IncrementalGate? incremental)
{
    private readonly List<FrontierLease> _withheld = [];
    private bool _answered;

    public async ValueTask AcknowledgeAsync(ItemBatch batch, CancellationToken cancellationToken)
    {
        if (!batch.Parsed && batch.Items.Count == 0 && !_answered && committer.Frontier.WithholdsFailedRequests)
        {
            _withheld.Add(batch.Lease);
            return;
        }

        if (batch.Parsed)
        {
            incremental?.Visited(batch.Lease.Request, batch.Items.Count);
            if (!_answered)
            {
                _answered = true;
                foreach (var lease in _withheld)
                {
                    await committer.AcknowledgeAsync(lease, cancellationToken).ConfigureAwait(false);
                }

                _withheld.Clear();
            }
        }

        await committer.AcknowledgeAsync(batch.Lease, cancellationToken).ConfigureAwait(false);
    }
}
