namespace Scraper.Crawling.Scheduling;

/// <summary>Remembers which requests were already scheduled, by fingerprint. Implementations are thread-safe.</summary>
public interface IDuplicateFilter : IAsyncDisposable
{
    /// <summary>Records a fingerprint.</summary>
    /// <param name="fingerprint">The request's fingerprint.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>True when the fingerprint is new (schedule the request); false for a duplicate.</returns>
    ValueTask<bool> TryAddAsync(RequestFingerprint fingerprint, CancellationToken cancellationToken = default);
}
