using Scraper.Crawling.Scheduling;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>
/// Where the HTTP cache keeps its entries, one per spider and request fingerprint. The filesystem store is
/// <see cref="FileSystemHttpCacheStore"/>; a database or Redis store implements the same two calls.
/// </summary>
public interface IHttpCacheStore
{
    /// <summary>Loads an entry.</summary>
    /// <param name="spider">The spider's name.</param>
    /// <param name="fingerprint">The request's fingerprint.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry, or null when there is none or it cannot be read whole (a store never throws for a damaged entry).</returns>
    ValueTask<HttpCacheEntry?> LoadAsync(string spider, RequestFingerprint fingerprint, CancellationToken cancellationToken = default);

    /// <summary>Stores an entry, replacing the one before, so that a reader sees the old entry or the new, never a mix.</summary>
    /// <param name="spider">The spider's name.</param>
    /// <param name="fingerprint">The request's fingerprint.</param>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the entry is stored.</returns>
    ValueTask StoreAsync(string spider, RequestFingerprint fingerprint, HttpCacheEntry entry, CancellationToken cancellationToken = default);
}
