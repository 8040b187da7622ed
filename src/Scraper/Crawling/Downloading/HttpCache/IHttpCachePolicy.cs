using Scraper.Http;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>What an HTTP cache policy decides (Scrapy's cache policy): what is cached, when an entry is fresh, how a stale one is revalidated.</summary>
internal interface IHttpCachePolicy
{
    /// <summary>Tells whether the request may be answered from, or stored in, the cache at all.</summary>
    bool MayCacheRequest(Request request, Session session);

    /// <summary>Tells whether an answer, about to be stored as this entry, may be stored by its headers (the status rules of the options come first).</summary>
    bool MayStore(HttpCacheEntry candidate);

    /// <summary>Gets the request headers an answer varies on, as stored with its entry.</summary>
    IReadOnlyDictionary<string, string> VaryHeaders(HttpCacheEntry candidate, Request request, Session session);

    /// <summary>Tells whether a stored answer was given for a request like this one (its Vary headers match).</summary>
    bool Matches(HttpCacheEntry entry, Request request, Session session);

    /// <summary>Tells whether the entry may be served without asking the site.</summary>
    bool IsFresh(HttpCacheEntry entry, Request request, Session session, DateTimeOffset now);

    /// <summary>Returns the request that revalidates a stale entry (with its validators), or the request itself when it has none.</summary>
    Request Revalidation(Request request, HttpCacheEntry entry);

    /// <summary>Tells whether the stale entry is served instead of the site's error answer.</summary>
    bool ServeStaleInsteadOf(Response error, HttpCacheEntry entry);
}
