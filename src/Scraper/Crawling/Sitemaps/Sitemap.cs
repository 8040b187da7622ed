namespace Scraper.Crawling.Sitemaps;

/// <summary>What a sitemap file lists: pages (a urlset) or further sitemaps (a sitemap index).</summary>
/// <param name="IsIndex">Whether the file is a sitemap index.</param>
/// <param name="Entries">The entries: each <c>&lt;url&gt;</c> of a urlset or <c>&lt;sitemap&gt;</c> of an index, in order (S1).</param>
public sealed record Sitemap(bool IsIndex, IReadOnlyList<SitemapEntry> Entries)
{
    /// <summary>Gets the absolute http(s) URLs listed, in order.</summary>
    public IReadOnlyList<Uri> Locations => [.. Entries.Select(entry => entry.Url)];
}
