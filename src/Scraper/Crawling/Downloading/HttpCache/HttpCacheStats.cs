namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>The counters the HTTP cache adds to the crawl's stats (<see cref="Stats.CrawlStatsSnapshot.Events"/>).</summary>
public static class HttpCacheStats
{
    /// <summary>A stored answer was served without asking the site.</summary>
    public const string Hit = "httpcache/hit";

    /// <summary>No usable entry: the request went to the site.</summary>
    public const string Miss = "httpcache/miss";

    /// <summary>An answer was stored (new, replaced or refreshed by a 304).</summary>
    public const string Store = "httpcache/store";

    /// <summary>A stale entry was confirmed by a 304 and served, with the 304's headers merged in.</summary>
    public const string Revalidate = "httpcache/revalidate";

    /// <summary>A stale entry was replaced by the site's new answer.</summary>
    public const string Invalidate = "httpcache/invalidate";

    /// <summary>A stale entry was served because the site answered 5xx and the entry did not say must-revalidate.</summary>
    public const string StaleOnError = "httpcache/stale-on-error";

    /// <summary>A request or an answer the policy does not cache (no-store, an ignored status, not GET or HEAD under RFC 9111).</summary>
    public const string Uncacheable = "httpcache/uncacheable";
}
