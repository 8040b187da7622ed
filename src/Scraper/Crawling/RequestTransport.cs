using Scraper.Http;

namespace Scraper.Crawling;

/// <summary>
/// The per-request settings most requests never set, kept apart: a request that sets none carries one null reference
/// instead of eight fields (the frontier may hold millions of requests, and a page yields dozens that the duplicate
/// filter drops at once). Values are checked by <see cref="RequestSettings"/> before they get here.
/// </summary>
internal sealed record RequestTransport
{
    public static readonly RequestTransport None = new();

    public IReadOnlyDictionary<string, string?> Headers { get; init; } = RequestSettings.NoHeaders;

    public IReadOnlyList<KeyValuePair<string, string?>> Params { get; init; } = [];

    public SessionAuth? Auth { get; init; }

    public IReadOnlyDictionary<string, string> Cookies { get; init; } = RequestSettings.NoCookies;

    public TimeSpan? Timeout { get; init; }

    public long? MaxResponseSize { get; init; }

    public RequestFeatures Features { get; init; } = RequestFeatures.Empty;

    public Uri? RedirectedFrom { get; init; }

    public string? IncrementalKey { get; init; }
}
