using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Scraper.Crawling.Links;

/// <summary>
/// Finds the links of a page worth following (Scrapy's LinkExtractor): <c>a</c> and <c>area</c> hrefs resolved
/// against the page's base URL, fragments removed, only http(s), optionally restricted to parts of the page, to
/// URLs matching allow patterns and not deny patterns, to some domains; <c>rel="nofollow"</c> respected; each URL once.
/// </summary>
public sealed class LinkExtractor
{
    private readonly Regex[] _allow;
    private readonly Regex[] _deny;

    /// <summary>Creates an extractor.</summary>
    /// <param name="allow">Regular expressions a URL must match one of; every URL when empty.</param>
    /// <param name="deny">Regular expressions no URL may match.</param>
    public LinkExtractor(IEnumerable<string>? allow = null, IEnumerable<string>? deny = null)
    {
        _allow = [.. (allow ?? []).Select(pattern => new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))];
        _deny = [.. (deny ?? []).Select(pattern => new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))];
    }

    /// <summary>Gets CSS selectors of the page parts to look in (for example <c>nav.pagination</c>); the whole page when empty.</summary>
    public IList<string> RestrictCss { get; init; } = [];

    /// <summary>Gets the domains links must be on (subdomains included); any when empty.</summary>
    public IList<string> AllowDomains { get; init; } = [];

    /// <summary>Gets the domains links must not be on (subdomains included).</summary>
    public IList<string> DenyDomains { get; init; } = [];

    /// <summary>Gets or sets a value indicating whether <c>rel="nofollow"</c> links are also returned.</summary>
    /// <value>The default value is false: they are skipped.</value>
    public bool FollowNoFollow { get; set; }

    /// <summary>Finds the links of a page.</summary>
    /// <param name="response">The page.</param>
    /// <returns>The links, in document order, each URL once.</returns>
    public IReadOnlyList<Link> Extract(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.IsHtml)
        {
            return [];
        }

        var document = response.Document;
        var baseUrl = new Uri(document.BaseUri);
        IEnumerable<IElement> roots = RestrictCss.Count == 0 ? [document.DocumentElement] : RestrictCss.SelectMany(css => document.QuerySelectorAll(css));
        var seen = new HashSet<Uri>();
        var links = new List<Link>();
        foreach (var anchor in roots.SelectMany(root => root.QuerySelectorAll("a[href], area[href]")))
        {
            var noFollow = (anchor.GetAttribute("rel") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Contains("nofollow", StringComparer.OrdinalIgnoreCase);
            if (noFollow && !FollowNoFollow)
            {
                continue;
            }

            if (!LinkBase.TryPrepare(anchor.GetAttribute("href")!, out var href))
            {
                response.LinksTooLong++;
                continue;
            }

            if (LinkBase.Resolve(baseUrl, href) is not { } url)
            {
                continue;
            }

            if (IsWanted(url) && seen.Add(url))
            {
                links.Add(new Link(url, string.Join(' ', anchor.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), noFollow));
            }
        }

        return links;
    }

    private bool IsWanted(Uri url)
    {
        var text = url.AbsoluteUri;
        return (_allow.Length == 0 || _allow.Any(pattern => pattern.IsMatch(text)))
            && !_deny.Any(pattern => pattern.IsMatch(text))
            && (AllowDomains.Count == 0 || AllowDomains.Any(domain => DomainNames.IsOnDomain(url.Host, domain)))
            && !DenyDomains.Any(domain => DomainNames.IsOnDomain(url.Host, domain));
    }
}
