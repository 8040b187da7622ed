namespace Scraper.Items;

/// <summary>Where an item came from.</summary>
/// <param name="SpiderName">The spider that yielded it.</param>
/// <param name="SourceUrl">The page whose callback yielded it.</param>
public sealed record ItemContext(string SpiderName, Uri SourceUrl);
