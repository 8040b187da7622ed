namespace Scraper.Robots;

/// <summary>
/// The rules of one robots.txt for one user agent (RFC 9309): the most specific (longest) matching pattern
/// wins, Allow wins a tie, <c>*</c> matches any run of characters and a final <c>$</c> anchors the end.
/// Also carries the group's Crawl-delay and the file's Sitemap lines.
/// </summary>
public sealed class RobotsRules
{
    private readonly IReadOnlyList<RobotsRule> _rules;

    internal RobotsRules(IReadOnlyList<RobotsRule> rules, TimeSpan? crawlDelay, IReadOnlyList<Uri> sitemaps)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
        Sitemaps = sitemaps;
    }

    /// <summary>Gets rules that allow everything (no robots.txt, or a 4xx for it).</summary>
    public static RobotsRules AllowAll { get; } = new([], null, []);

    /// <summary>Gets rules that disallow everything (robots.txt unreachable, as RFC 9309 asks).</summary>
    public static RobotsRules DisallowAll { get; } = new([new RobotsRule("/", allow: false)], null, []);

    /// <summary>Gets the Crawl-delay of the matching group, if any.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>Gets the sitemaps the file lists.</summary>
    public IReadOnlyList<Uri> Sitemaps { get; }

    /// <summary>Returns whether a URL may be fetched.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>True when allowed.</returns>
    public bool IsAllowed(Uri url)
    {
        long steps = 0;
        return IsAllowed(url, ref steps);
    }

    /// <summary>Returns whether a URL may be fetched, adding the matching work done to a count (B1's tests bound it).</summary>
    /// <param name="url">The URL.</param>
    /// <param name="steps">Incremented by the path characters the rules' matching passed over.</param>
    /// <returns>True when allowed.</returns>
    internal bool IsAllowed(Uri url, ref long steps)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.PathAndQuery;
        if (path == "/robots.txt" || _rules.Count == 0)
        {
            return true;
        }

        // The path is put in the rules' normal form once (B2), then each rule costs one scan of it (B1).
        var normal = RobotsPercentEncoding.Normalize(path).AsSpan();
        RobotsRule? best = null;
        var bestLength = -1;
        foreach (var rule in _rules)
        {
            if ((rule.Pattern.Length > bestLength || (rule.Pattern.Length == bestLength && rule.Allow && best is { Allow: false }))
                && rule.Matches(normal, ref steps))
            {
                best = rule;
                bestLength = rule.Pattern.Length;
            }
        }

        return best?.Allow ?? true;
    }
}
