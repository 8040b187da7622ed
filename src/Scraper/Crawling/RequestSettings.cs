using Scraper.Http;

namespace Scraper.Crawling;

/// <summary>
/// Checks and copies what a <see cref="Request"/> is given, when it is given: a header or cookie that could not be
/// sent is refused by the same rules as a <see cref="SessionRequest"/>'s (H3, H4), before the request is ever
/// scheduled, and a copy keeps the caller's collection from changing it afterwards.
/// </summary>
internal static class RequestSettings
{
    public static readonly IReadOnlyDictionary<string, string?> NoHeaders = new Dictionary<string, string?>();

    public static readonly IReadOnlyDictionary<string, string> NoCookies = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string?> Headers(IReadOnlyDictionary<string, string?> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Count == 0)
        {
            return NoHeaders;
        }

        var copy = new Dictionary<string, string?>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (value is null)
            {
                HeaderRules.EnsureName(name);
            }
            else
            {
                HeaderRules.Ensure(name, value);
            }

            copy[name] = value;
        }

        return copy;
    }

    public static IReadOnlyDictionary<string, string> Cookies(IReadOnlyDictionary<string, string> cookies)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        if (cookies.Count == 0)
        {
            return NoCookies;
        }

        var copy = new Dictionary<string, string>(cookies.Count, StringComparer.Ordinal);
        foreach (var (name, value) in cookies)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Request.Cookies));
            HeaderRules.EnsureCookie(name, value);
            copy[name] = value;
        }

        return copy;
    }

    public static IReadOnlyList<KeyValuePair<string, string?>> Params(IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            return [];
        }

        var copy = new KeyValuePair<string, string?>[parameters.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = parameters[i].Key is not null ? parameters[i] : throw new ArgumentException("A query parameter needs a name.", nameof(Request.Params));
        }

        return copy;
    }

    public static TimeSpan? Timeout(TimeSpan? timeout) =>
        timeout is null || timeout > TimeSpan.Zero || timeout == System.Threading.Timeout.InfiniteTimeSpan
            ? timeout
            : throw new ArgumentOutOfRangeException(nameof(Request.Timeout), timeout, "A request timeout must be positive (or infinite).");

    public static long? MaxResponseSize(long? size) =>
        size is null or > 0 ? size : throw new ArgumentOutOfRangeException(nameof(Request.MaxResponseSize), size, "A response size limit must be positive.");
}
