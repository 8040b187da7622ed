namespace Scraper.Crawling.Sitemaps;

/// <summary>One page of a urlset, or one sitemap of an index, with when it last changed (S2).</summary>
/// <param name="Url">The absolute http(s) URL of its <c>&lt;loc&gt;</c>.</param>
/// <param name="LastModified">Its <c>&lt;lastmod&gt;</c> (UTC when the file gives no offset); null when absent or unreadable.</param>
public sealed record SitemapEntry(Uri Url, DateTimeOffset? LastModified);
