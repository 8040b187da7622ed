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
    /// <summary>Creates a rule whose pages go to a plain iterator: <c>new CrawlRule(links, ParseProduct)</c>.</summary>
    /// <param name="links">Which links the rule takes.</param>
    /// <param name="callback">What to do with their pages.</param>
    /// <param name="follow">Whether to apply the rules to the pages found; by default not.</param>
    public CrawlRule(LinkExtractor links, Func<Response, IEnumerable<object>> callback, bool? follow = null)
        : this(links, new ParseCallback(callback), follow)
    {
    }

    /// <summary>Creates a rule whose pages go to an async iterator: <c>new CrawlRule(links, ParseProductAsync)</c>.</summary>
    /// <param name="links">Which links the rule takes.</param>
    /// <param name="callback">What to do with their pages.</param>
    /// <param name="follow">Whether to apply the rules to the pages found; by default not.</param>
    public CrawlRule(LinkExtractor links, Func<Response, CancellationToken, IAsyncEnumerable<object>> callback, bool? follow = null)
        : this(links, new ParseCallback(callback), follow)
    {
    }

    /// <summary>Gets a value indicating whether the rules apply to this rule's pages.</summary>
    public bool FollowsOn => Follow ?? Callback is null;
}
