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

    /// <summary>Returns a link as written in a page without its surrounding white space and its fragment.</summary>
    /// <param name="href">The link.</param>
    /// <returns>The part that says what is fetched (RFC 3986 §5.2.2: the target's fragment is the link's own).</returns>
    public static ReadOnlySpan<char> WithoutFragment(string href)
    {
        var link = href.AsSpan().Trim();
        var hash = link.IndexOf('#');
        return hash < 0 ? link : link[..hash];
    }

    /// <summary>Resolves any link (fragment already removed) through <see cref="Uri"/>; null when it is not http(s).</summary>
    /// <param name="baseUrl">The page's base URL.</param>
    /// <param name="link">The link, as <see cref="WithoutFragment"/> returns it.</param>
    /// <returns>The absolute URL without a fragment, or null.</returns>
    public static Uri? Resolve(Uri baseUrl, ReadOnlySpan<char> link)
    {
        if (!Uri.TryCreate(baseUrl, link.ToString(), out var target) || target.Scheme is not ("http" or "https"))
        {
            return null;
        }

        // An empty link is the base itself, which may carry a fragment of its own.
        return target.Fragment.Length == 0 ? target : new UriBuilder(target) { Fragment = string.Empty }.Uri;
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
