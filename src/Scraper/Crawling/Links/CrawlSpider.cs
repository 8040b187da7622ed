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
    /// <returns>The requests for the links the rules take.</returns>
    public override IEnumerable<object> Parse(Response response) => FollowRules(response);

    private IEnumerable<object> FollowRules(Response response)
    {
        var taken = new HashSet<Uri>();
        foreach (var rule in Rules)
        {
            ParseCallback? callback = null;
            foreach (var link in rule.Links.Extract(response))
            {
                if (taken.Add(link.Url))
                {
                    // One callback per rule and page, shared by its links.
                    callback ??= CallbackFor(rule);
                    yield return new Request(link.Url, callback) { Session = response.Request.Session };
                }
            }
        }
    }

    // A plain iterator stays one: only a rule with an async callback pays for an async one.
    private ParseCallback CallbackFor(CrawlRule rule) => rule.Callback?.TargetOrNull switch
    {
        Func<Response, CancellationToken, IAsyncEnumerable<object>> parseAsync => new((page, token) => RunRuleAsync(rule, parseAsync, page, token)),
        var target => new(page => RunRule(rule, target as Func<Response, IEnumerable<object>>, page)),
    };

    private IEnumerable<object> RunRule(CrawlRule rule, Func<Response, IEnumerable<object>>? parse, Response response)
    {
        if (parse is not null)
        {
            foreach (var result in parse(response))
            {
                yield return result;
            }
        }

        if (rule.FollowsOn)
        {
            foreach (var result in FollowRules(response))
            {
                yield return result;
            }
        }
    }

    private async IAsyncEnumerable<object> RunRuleAsync(CrawlRule rule, Func<Response, CancellationToken, IAsyncEnumerable<object>> parseAsync, Response response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var result in parseAsync(response, cancellationToken).ConfigureAwait(false))
        {
            yield return result;
        }

        if (rule.FollowsOn)
        {
            foreach (var result in FollowRules(response))
            {
                yield return result;
            }
        }
    }
}
