using Microsoft.Extensions.Logging;
using Scraper.Crawling.Incremental;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Stats;
using Scraper.Http;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Admits requests into the frontier, a page's at a time: off-site, too deep, duplicate (by fingerprint) and past-a-limit requests
/// are dropped and counted, and so are those an incremental crawl skips (scraped by an earlier run); an admitted one
/// wakes the crawl loop.
/// </summary>
internal sealed class RequestScheduler(string spider, CrawlOptions options, OffsiteFilter offsite, IDuplicateFilter duplicates, IFrontier frontier, CrawlStats stats, ILogger logger, WakeSignal wake, Func<bool> limitReached, IncrementalGate? incremental = null)
{
    private readonly CrawlOptions _options = options;
    private readonly OffsiteFilter _offsite = offsite;
    private readonly IDuplicateFilter _duplicates = duplicates;
    private readonly IFrontier _frontier = frontier;
    private readonly CrawlStats _stats = stats;
    private readonly ILogger _logger = logger;
    private readonly WakeSignal _wake = wake;

    /// <summary>
    /// Admits requests into the frontier together (what one page yielded: one look into the duplicate filter and one
    /// write to the frontier for all of them), in order, except those off-site, too deep, duplicates or past a limit.
    /// </summary>
    public async ValueTask ScheduleRangeAsync(IReadOnlyList<Request> requests, CancellationToken cancellationToken)
    {
        if (requests.Count == 0 || limitReached())
        {
            return;
        }

        var candidates = new List<Request>(requests.Count);
        foreach (var request in requests)
        {
            if (!_offsite.IsAllowed(request.Host))
            {
                DropRequest(request, "offsite");
            }
            else if (_options.MaxDepth > 0 && request.Depth > _options.MaxDepth)
            {
                DropRequest(request, "depth");
            }
            else
            {
                candidates.Add(request);
            }
        }

        if (candidates.Count == 0)
        {
            return;
        }

        // A request that opts out of filtering is still recorded, so that links back to it are not fetched again.
        var fingerprints = new RequestFingerprint[candidates.Count];
        for (var i = 0; i < fingerprints.Length; i++)
        {
            fingerprints[i] = RequestFingerprint.Compute(candidates[i], _options.FingerprintIncludesSession);
        }

        var isNew = await _duplicates.TryAddRangeAsync(fingerprints, cancellationToken).ConfigureAwait(false);
        var admitted = new List<Request>(candidates.Count);
        for (var i = 0; i < fingerprints.Length; i++)
        {
            var request = candidates[i];
            if (!isNew[i] && !request.DontFilter)
            {
                DropRequest(request, "duplicate");
            }
            else if (incremental is not null && await incremental.ShouldSkipAsync(request, fingerprints[i], cancellationToken).ConfigureAwait(false))
            {
                // After the duplicate filter, so a link seen twice costs one look into the history, not two.
                DropRequest(request, "incremental");
            }
            else
            {
                admitted.Add(request);
            }
        }

        if (admitted.Count == 0)
        {
            return;
        }

        await _frontier.EnqueueRangeAsync(admitted, cancellationToken).ConfigureAwait(false);
        _wake.Set();
    }

    public void DropRequest(Request request, string reason)
    {
        _stats.RequestDropped(reason);
        // Most pages drop a score of duplicate links: redact a URL only when the line will be written.
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            CrawlLog.RequestDropped(_logger, spider, UrlRedaction.Redact(request.Url), reason);
        }
    }
}
