namespace Scraper.Crawling.Links;

/// <summary>A link found on a page.</summary>
/// <param name="Url">The absolute URL, without fragment.</param>
/// <param name="Text">The link text, whitespace collapsed.</param>
/// <param name="NoFollow">Whether the link carries <c>rel="nofollow"</c>.</param>
public sealed record Link(Uri Url, string Text, bool NoFollow);
