namespace Scraper.Crawling.Sitemaps;

/// <summary>What a sitemap file lists: pages (a urlset) or further sitemaps (a sitemap index).</summary>
/// <param name="IsIndex">Whether the file is a sitemap index.</param>
/// <param name="Locations">The absolute http(s) URLs listed, in order.</param>
public sealed record Sitemap(bool IsIndex, IReadOnlyList<Uri> Locations);
