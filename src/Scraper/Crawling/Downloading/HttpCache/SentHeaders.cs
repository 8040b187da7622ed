using System.IO.Hashing;
using System.Text;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>
/// The value a request header is sent with: the request's own (a null there removes the session's), else the
/// session's default. Secrets (Authorization, Cookie, Proxy-Authorization) are only ever kept as a hash.
/// </summary>
internal static class SentHeaders
{
    public static string? Get(Request request, Session session, string name)
    {
        foreach (var (key, value) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return session.Headers[name];
    }

    /// <summary>Returns the value as it may be stored on disk: trimmed, or hashed for a secret.</summary>
    public static string? Storable(Request request, Session session, string name) =>
        Get(request, session, name)?.Trim() is not { } value ? null
        : IsSecret(name) ? "xxh128:" + Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(value)))
        : value;

    /// <summary>Splits a list header (Vary, Cache-Control) into its trimmed, non-empty members.</summary>
    public static IEnumerable<string> Members(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsSecret(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase);
}
