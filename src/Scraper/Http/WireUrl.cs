namespace Scraper.Http;

/// <summary>The request target as it goes on the wire.</summary>
internal static class WireUrl
{
    /// <summary>
    /// Sends <c>%zz</c> as written, as browsers do (the WHATWG URL parser leaves invalid escapes alone), where
    /// <see cref="Uri"/> would send <c>%25zz</c>, another resource. Only for an absolute URL that is otherwise
    /// already in wire form (ASCII, no spaces or controls): canonicalisation is off for it. Such a Uri refuses
    /// <c>GetComponents</c> for its path, so it only ever becomes the request message's target, never a URL the
    /// session or the crawl reads.
    /// </summary>
    public static Uri ForWire(Uri absolute)
    {
        var url = absolute.OriginalString;
        if (!HasInvalidEscape(url) || !url.StartsWith(absolute.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return absolute;
        }

        foreach (var c in url)
        {
            if (c <= ' ' || c >= 0x7F)
            {
                return absolute;
            }
        }

        return Uri.TryCreate(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }, out var raw) ? raw : absolute;
    }

    private static bool HasInvalidEscape(string url)
    {
        for (var i = url.IndexOf('%', StringComparison.Ordinal); i >= 0; i = url.IndexOf('%', i + 1))
        {
            if (i + 2 >= url.Length || !Uri.IsHexDigit(url[i + 1]) || !Uri.IsHexDigit(url[i + 2]))
            {
                return true;
            }
        }

        return false;
    }

}
