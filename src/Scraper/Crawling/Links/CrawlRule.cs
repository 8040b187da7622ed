namespace Scraper.Crawling.Links;

/// <summary>
/// One rule of a <see cref="CrawlSpider"/>: follow the links an extractor finds, hand their pages to a callback,
/// and (when <paramref name="Follow"/>) apply the rules to those pages too.
/// </summary>
/// <param name="Links">Which links the rule takes.</param>
/// <param name="Callback">What to do with their pages; none just follows.</param>
/// <param name="Follow">Whether to apply the rules to the pages found; by default only when there is no callback.</param>
public sealed record CrawlRule(LinkExtractor Links, ParseCallback? Callback = null, bool? Follow = null)
{
    /// <summary>Gets a value indicating whether the rules apply to this rule's pages.</summary>
    public bool FollowsOn => Follow ?? Callback is null;
}
