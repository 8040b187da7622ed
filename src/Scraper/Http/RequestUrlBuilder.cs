using System.Text;

namespace Scraper.Http;

/// <summary>
/// Turns a request's URL as given into the absolute URL sent: resolved against the base address, checked, and
/// with the session's and the request's query parameters appended (semantics P1).
/// </summary>
internal static class RequestUrlBuilder
{
    public static Uri Build(
        Uri? baseAddress,
        string url,
        IList<KeyValuePair<string, string>> sessionParams,
        IList<KeyValuePair<string, string?>> requestParams)
    {
        var absolute = Resolve(baseAddress, url);
        if (sessionParams.Count == 0 && requestParams.Count == 0)
        {
            return absolute;
        }

        var query = new StringBuilder(absolute.Query.TrimStart('?'));
        foreach (var (name, value) in sessionParams)
        {
            if (!IsRemovedOrOverridden(name, requestParams))
            {
                Append(query, name, value);
            }
        }

        foreach (var (name, value) in requestParams)
        {
            if (value is not null)
            {
                Append(query, name, value);
            }
        }

        return new UriBuilder(absolute) { Query = query.ToString() }.Uri;
    }

    public static Uri Resolve(Uri? baseAddress, string url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidRequestUrlException(url ?? string.Empty, "the URL is empty.");
        }

        Uri? absolute;
        if (Uri.TryCreate(url, UriKind.Absolute, out var parsed) && !IsRootedPathMistakenForFile(parsed, url))
        {
            absolute = parsed;
        }
        else if (baseAddress is not null)
        {
            if (!Uri.TryCreate(baseAddress, url, out absolute))
            {
                throw new InvalidRequestUrlException(url, "it cannot be resolved against the base address.");
            }
        }
        else if (Uri.TryCreate(url, UriKind.Relative, out _))
        {
            throw new InvalidRequestUrlException(url, "it is relative and the session has no base address.");
        }
        else
        {
            throw new InvalidRequestUrlException(url, "it is not a valid URL.");
        }

        if (absolute.Scheme is not ("http" or "https"))
        {
            throw new InvalidRequestUrlException(url, $"the scheme '{absolute.Scheme}' is not supported (http and https only).");
        }

        if (string.IsNullOrEmpty(absolute.Host))
        {
            throw new InvalidRequestUrlException(url, "it has no host.");
        }

        return absolute;
    }

    /// <summary>On Unix, "/path" parses as an absolute file:// URI; for a request it is a path on the base address.</summary>
    private static bool IsRootedPathMistakenForFile(Uri parsed, string url) => parsed.IsFile && url.StartsWith('/');

    private static bool IsRemovedOrOverridden(string name, IList<KeyValuePair<string, string?>> requestParams)
    {
        foreach (var (requestName, value) in requestParams)
        {
            // A request value of null removes the session's parameter; a request value replaces it.
            if (string.Equals(requestName, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(FormUrlEncoding.EncodeComponent(name)).Append('=').Append(FormUrlEncoding.EncodeComponent(value));
    }
}
