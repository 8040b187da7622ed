using System.Runtime.CompilerServices;

namespace Scraper.Crawling.Links;

/// <summary>
/// A spider driven by rules (Scrapy's CrawlSpider): from each page, the links each rule's extractor finds are
/// followed; a link taken by an earlier rule is not taken by a later one on the same page.
/// </summary>
public abstract class CrawlSpider : Spider
{
    /// <summary>Gets the rules, in order.</summary>
    protected abstract IReadOnlyList<CrawlRule> Rules { get; }

    /// <summary>Applies the rules to a start page.</summary>
    /// <param name="response">The page.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The requests for the links the rules take.</returns>
    public override IAsyncEnumerable<object> ParseAsync(Response response, CancellationToken cancellationToken = default) =>
        FollowRulesAsync(response, cancellationToken);

    private async IAsyncEnumerable<object> FollowRulesAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var taken = new HashSet<Uri>();
        foreach (var rule in Rules)
        {
            foreach (var link in rule.Links.Extract(response))
            {
                if (taken.Add(link.Url))
                {
                    yield return new Request(link.Url, (page, token) => RunRuleAsync(rule, page, token)) { Session = response.Request.Session };
                }
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private async IAsyncEnumerable<object> RunRuleAsync(CrawlRule rule, Response response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (rule.Callback is { } callback)
        {
            await foreach (var result in callback(response, cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }

        if (rule.FollowsOn)
        {
            await foreach (var result in FollowRulesAsync(response, cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
    }
}
