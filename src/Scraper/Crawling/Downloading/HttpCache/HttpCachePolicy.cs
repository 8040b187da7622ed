namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>How the HTTP cache decides what to store and when a stored answer may be served.</summary>
public enum HttpCachePolicy
{
    /// <summary>
    /// For development and replay (Scrapy's DummyPolicy): every answer is stored whatever its headers say, and
    /// served without asking the site while younger than <see cref="HttpCacheOptions.Expiration"/>. Vary is ignored.
    /// </summary>
    Dummy,

    /// <summary>
    /// A private cache by RFC 9111: Cache-Control (no-store, no-cache, max-age, must-revalidate, and the
    /// request's max-age, min-fresh, max-stale), Expires, Age, Vary; a stale answer is revalidated with
    /// If-None-Match / If-Modified-Since and a 304 refreshes the stored one.
    /// </summary>
    Rfc9111,
}
