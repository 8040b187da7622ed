using System.Buffers;

namespace Scraper.Crawling;

/// <summary>
/// Resolves a page's simple links straight to their canonical text, without building a <see cref="Uri"/>: an
/// absolute path or a relative name made only of unreserved characters and slashes, with no dot segments, no
/// query and no empty segment. For those, resolution is a concatenation and <see cref="Uri"/> would change nothing
/// (tests check both agree); everything else (queries, escapes, <c>..</c>, other schemes) goes through
/// <see cref="Uri"/>. Most links of a page are of this kind, and most are duplicates dropped by fingerprint.
/// </summary>
internal sealed class LinkBase
{
    private static readonly SearchValues<char> Simple =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/");

    /// <summary>The longest link followed, in characters: far above what sites use (a 10 KB URL passes), far below
    /// what would cost memory (Chromium allows 2 MB); most servers refuse more than 8 to 16 KB anyway.</summary>
    public const int MaxUrlLength = 32 * 1024;

    // What stands in for '%' while Uri resolves a link (a private-use character no page writes), and how Uri escapes it.
    private const char PercentStandIn = '\uE025';
    private const string EscapedStandIn = "%EE%80%A5";

    private readonly string _origin;
    private readonly string _directory;

    private LinkBase(string origin, string directory, string host)
    {
        _origin = origin;
        _directory = directory;
        Host = host;
    }

    /// <summary>Gets the host of every link resolved here, in its ASCII form.</summary>
    public string Host { get; }

    /// <summary>Returns the resolver for links of a page with this base URL, or null when it has none (user info, not http).</summary>
    /// <param name="baseUrl">The page's base URL.</param>
    /// <returns>The resolver, or null.</returns>
    public static LinkBase? For(Uri baseUrl)
    {
        if (baseUrl.Scheme is not ("http" or "https") || baseUrl.UserInfo.Length > 0)
        {
            return null;
        }

        var path = baseUrl.AbsolutePath;
        return new LinkBase(
            baseUrl.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped),
            path[..(path.LastIndexOf('/') + 1)],
            baseUrl.IdnHost);
    }

    /// <summary>
    /// Prepares a link as written in a page the way the WHATWG URL parser starts: leading and trailing C0 controls and
    /// spaces stripped, ASCII tabs and newlines removed wherever they are, and the fragment cut off (RFC 3986 §5.2.2:
    /// the target's fragment is the link's own). Links longer than <see cref="MaxUrlLength"/> are refused.
    /// </summary>
    /// <param name="href">The link.</param>
    /// <param name="link">The part that says what is fetched.</param>
    /// <returns>False when the link is too long to follow.</returns>
    public static bool TryPrepare(string href, out ReadOnlySpan<char> link)
    {
        link = href.AsSpan();
        if (link.Length > MaxUrlLength)
        {
            return false;
        }

        // The common link has no character at or below U+0020 at its ends and no tab or newline: no copy is made.
        if (link is [<= ' ', ..] or [.., <= ' '])
        {
            link = TrimC0ControlOrSpace(link);
        }

        if (link.ContainsAny('\t', '\n', '\r'))
        {
            link = string.Concat(link.ToString().Split(['\t', '\n', '\r'])).AsSpan();
        }

        var hash = link.IndexOf('#');
        link = hash < 0 ? link : link[..hash];
        return true;
    }

    /// <summary>Resolves any link (fragment already removed) as the WHATWG URL parser would; null when it is not http(s).</summary>
    /// <param name="baseUrl">The page's base URL.</param>
    /// <param name="link">The link, as <see cref="TryPrepare"/> returns it.</param>
    /// <returns>The absolute URL without a fragment, or null.</returns>
    /// <remarks>
    /// <see cref="Uri"/> resolves, removes dot segments and percent-encodes spaces and non-ASCII, but it also rewrites
    /// percent escapes (<c>%zz</c> becomes <c>%25zz</c>, <c>%7E</c> becomes <c>~</c>), which browsers leave as written.
    /// So a link with a <c>%</c> has each one stood in for by a private-use character while <see cref="Uri"/> resolves
    /// it, put back after: the URL's <see cref="Uri.OriginalString"/> (what a request sends to the session) is the
    /// browser's. Its <see cref="Uri.AbsoluteUri"/> and canonical form stay <see cref="Uri"/>'s own, so every spelling
    /// of a page keeps one fingerprint.
    /// </remarks>
    public static Uri? Resolve(Uri baseUrl, ReadOnlySpan<char> link)
    {
        if (link.Contains('%') && !link.Contains(PercentStandIn) && ResolveKeepingEscapes(baseUrl, link) is { } kept)
        {
            return kept;
        }

        if (!Uri.TryCreate(baseUrl, link.ToString(), out var target) || target.Scheme is not ("http" or "https"))
        {
            return null;
        }

        // An empty link is the base itself, which may carry a fragment of its own.
        return target.Fragment.Length == 0 ? target : new UriBuilder(target) { Fragment = string.Empty }.Uri;
    }

    private static ReadOnlySpan<char> TrimC0ControlOrSpace(ReadOnlySpan<char> link)
    {
        var start = 0;
        while (start < link.Length && link[start] <= ' ')
        {
            start++;
        }

        var end = link.Length;
        while (end > start && link[end - 1] <= ' ')
        {
            end--;
        }

        return link[start..end];
    }

    private static Uri? ResolveKeepingEscapes(Uri baseUrl, ReadOnlySpan<char> link)
    {
        if (!Uri.TryCreate(baseUrl, link.ToString().Replace('%', PercentStandIn), out var target) || target.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var path = target.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        if (target.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped).Contains(EscapedStandIn, StringComparison.Ordinal))
        {
            // A '%' in the host: left to Uri, which decodes it there as browsers do.
            return null;
        }

        // Not UriCreationOptions.DangerousDisablePathAndQueryCanonicalization: such a Uri refuses GetComponents for its
        // path and query, which the fingerprint and the session need.
        return new Uri(string.Concat(target.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped), path.Replace(EscapedStandIn, "%", StringComparison.Ordinal)));
    }

    /// <summary>Resolves a simple link (fragment already removed) to its canonical absolute URL, or returns null.</summary>
    /// <param name="href">The link as written in the page.</param>
    /// <returns>The canonical URL, or null when the link is not simple.</returns>
    public string? TryResolve(ReadOnlySpan<char> href)
    {
        if (href.IsEmpty || href.ContainsAnyExcept(Simple) || href.Contains("//", StringComparison.Ordinal) || HasDotSegment(href))
        {
            return null;
        }

        return href[0] == '/' ? string.Concat(_origin, href) : string.Concat(_origin, _directory, href);
    }

    private static bool HasDotSegment(ReadOnlySpan<char> href)
    {
        foreach (var range in href.Split('/'))
        {
            var segment = href[range];
            if (segment is "." or "..")
            {
                return true;
            }
        }

        return false;
    }
}
