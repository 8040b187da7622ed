using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Scraper.Robots;

namespace Scraper.Crawling.Sitemaps;

/// <summary>
/// A spider that starts from sitemaps (Scrapy's SitemapSpider): the sitemaps listed, or those a robots.txt names
/// in its Sitemap lines; indexes are followed (when they match <see cref="SitemapFollow"/>), gzip is handled, and
/// each page URL goes to the callback of the first rule whose pattern matches it.
/// </summary>
public abstract class SitemapSpider : Spider
{
    /// <summary>Gets sitemap URLs, or robots.txt URLs whose Sitemap lines to use.</summary>
    protected abstract IEnumerable<string> SitemapUrls { get; }

    /// <summary>
    /// Gets the rules: a URL pattern and the callback for the pages it matches, for example
    /// <c>[("/product/", new(ParseProduct))]</c>; every page goes to the spider's default callback when empty.
    /// </summary>
    protected virtual IReadOnlyList<(string Pattern, ParseCallback Callback)> SitemapRules => [];

    /// <summary>Gets patterns a nested sitemap's URL must match to be followed; all are followed when empty.</summary>
    protected virtual IReadOnlyList<string> SitemapFollow => [];

    /// <summary>
    /// Returns whether to request an entry: a page of a urlset or a sitemap of an index. Override it to skip what has not
    /// changed since the last run, by <see cref="SitemapEntry.LastModified"/> (S2). The request of an entry carries it as
    /// its state: read it in the callback with <c>response.State&lt;SitemapEntry&gt;()</c>.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <returns>True (the default) to request it.</returns>
    protected virtual bool SitemapFilter(SitemapEntry entry) => true;

    /// <inheritdoc/>
    public override async IAsyncEnumerable<Request> StartRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var url in SitemapUrls)
        {
            yield return new Request(url, ParseSitemap) { DontFilter = true };
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>
    /// Parses a sitemap, a sitemap index or a robots.txt into the requests its entries call for. Protected, not private,
    /// so a job's frontier finds it by name when it stores the sitemap requests (a base class's private methods are not).
    /// </summary>
    /// <param name="response">The sitemap, index or robots.txt.</param>
    /// <returns>The requests.</returns>
    protected IEnumerable<object> ParseSitemap(Response response)
    {
        if (response.Url.AbsolutePath.EndsWith("/robots.txt", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var sitemap in RobotsParser.Parse(response.Text, "*", response.Url).Sitemaps)
            {
                yield return new Request(sitemap, ParseSitemap);
            }

            yield break;
        }

        var parsed = SitemapParser.Parse(response.Body, response.Url);
        foreach (var entry in parsed.Entries.Where(SitemapFilter))
        {
            var location = entry.Url;
            if (parsed.IsIndex)
            {
                if (SitemapFollow.Count == 0 || SitemapFollow.Any(pattern => Regex.IsMatch(location.AbsoluteUri, pattern, RegexOptions.None, TimeSpan.FromSeconds(1))))
                {
                    yield return new Request(location, ParseSitemap) { State = entry };
                }
            }
            else if (CallbackFor(location) is { } callback)
            {
                yield return new Request(location, callback) { State = entry };
            }
        }
    }

    private ParseCallback? CallbackFor(Uri location)
    {
        if (SitemapRules.Count == 0)
        {
            return DefaultCallback;
        }

        foreach (var (pattern, callback) in SitemapRules)
        {
            if (Regex.IsMatch(location.AbsoluteUri, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                return callback;
            }
        }

        return null;
    }
}
