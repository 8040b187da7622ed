namespace Scraper.Http.Cookies;

/// <summary>The path rules of RFC 6265 §5.1.4: a cookie's default path and whether a request path matches it.</summary>
internal static class CookiePaths
{
    /// <summary>The default path of RFC 6265 §5.1.4: the request path up to, not including, its last slash.</summary>
    public static string Default(Uri requestUri)
    {
        var path = requestUri.AbsolutePath;
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return "/";
        }

        var last = path.LastIndexOf('/');
        return last == 0 ? "/" : path[..last];
    }

    /// <summary>Path-match of RFC 6265 §5.1.4: equal, or a prefix ending at a <c>/</c> boundary.</summary>
    public static bool Matches(string requestPath, string cookiePath) =>
        requestPath.StartsWith(cookiePath, StringComparison.Ordinal)
        && (requestPath.Length == cookiePath.Length || cookiePath.EndsWith('/') || requestPath[cookiePath.Length] == '/');
}
