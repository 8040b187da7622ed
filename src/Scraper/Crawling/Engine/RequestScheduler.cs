using Microsoft.Extensions.Logging;
using Scraper.Crawling.Incremental;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Stats;
using Scraper.Http;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Admits requests into the frontier: off-site, too deep, duplicate (by fingerprint) and past-a-limit requests
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

    /// <summary>Admits a request into the frontier, unless it is off-site, too deep, a duplicate or past a limit.</summary>
    public async ValueTask ScheduleAsync(Request request, CancellationToken cancellationToken)
    {
        if (limitReached())
        {
            return;
        }

        if (!_offsite.IsAllowed(request.Host))
        {
            DropRequest(request, "offsite");
            return;
        }

        if (_options.MaxDepth > 0 && request.Depth > _options.MaxDepth)
        {
            DropRequest(request, "depth");
            return;
        }

        // A request that opts out of filtering is still recorded, so that links back to it are not fetched again.
        var fingerprint = RequestFingerprint.Compute(request, _options.FingerprintIncludesSession);
        var isNew = await _duplicates.TryAddAsync(fingerprint, cancellationToken).ConfigureAwait(false);
        if (!isNew && !request.DontFilter)
        {
            DropRequest(request, "duplicate");
            return;
        }

        // After the duplicate filter, so a link seen twice costs one look into the history, not two.
        if (incremental is not null && await incremental.ShouldSkipAsync(request, fingerprint, cancellationToken).ConfigureAwait(false))
        {
            DropRequest(request, "incremental");
            return;
        }

        await _frontier.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
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
