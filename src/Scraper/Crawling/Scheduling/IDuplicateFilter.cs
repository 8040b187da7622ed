namespace Scraper.Crawling.Scheduling;

/// <summary>Remembers which requests were already scheduled, by fingerprint. Implementations are thread-safe.</summary>
public interface IDuplicateFilter : IAsyncDisposable
{
    /// <summary>Records a fingerprint.</summary>
    /// <param name="fingerprint">The request's fingerprint.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>True when the fingerprint is new (schedule the request); false for a duplicate.</returns>
    ValueTask<bool> TryAddAsync(RequestFingerprint fingerprint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records fingerprints in order, as <see cref="TryAddAsync"/> would one after another (a fingerprint that comes
    /// twice is new only the first time): the links of one page, looked up together. A filter behind a network looks
    /// them up in one round trip; the default records them one at a time.
    /// </summary>
    /// <param name="fingerprints">The requests' fingerprints.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>For each fingerprint, true when it is new (schedule its request); false for a duplicate.</returns>
    async ValueTask<bool[]> TryAddRangeAsync(IReadOnlyList<RequestFingerprint> fingerprints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        var added = new bool[fingerprints.Count];
        for (var i = 0; i < added.Length; i++)
        {
            added[i] = await TryAddAsync(fingerprints[i], cancellationToken).ConfigureAwait(false);
        }

        return added;
    }
}
