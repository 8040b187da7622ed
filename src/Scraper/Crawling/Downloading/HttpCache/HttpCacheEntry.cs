using System.Net;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>
/// One stored answer: what was asked, what came back (status, headers, body bytes as the callback saw them,
/// decompressed), when, and the request headers the answer varies on.
/// </summary>
public sealed record HttpCacheEntry
{
    /// <summary>Gets the request's method.</summary>
    public required string Method { get; init; }

    /// <summary>Gets the request's URL.</summary>
    public required Uri Url { get; init; }

    /// <summary>Gets the answer's URL (after redirects the session followed, if any).</summary>
    public required Uri FinalUrl { get; init; }

    /// <summary>Gets the status.</summary>
    public required HttpStatusCode Status { get; init; }

    /// <summary>Gets when the answer was received or last revalidated.</summary>
    public required DateTimeOffset StoredAt { get; init; }

    /// <summary>Gets the response headers, in order, repeated names allowed (never Set-Cookie: cookies are not replayed).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>
    /// Gets the values of the request headers named by the answer's Vary, as sent (secrets such as
    /// Authorization only as a hash); a header that was not sent is absent.
    /// </summary>
    public IReadOnlyDictionary<string, string> VaryHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the body bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Returns the first value of a response header.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>The value, or null.</returns>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Returns every value of a response header, repeated headers joined with commas as HTTP allows.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>The joined value, or null.</returns>
    public string? JoinedHeader(string name)
    {
        string? joined = null;
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                joined = joined is null ? value : joined + ", " + value;
            }
        }

        return joined;
    }
}
