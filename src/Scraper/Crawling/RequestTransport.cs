using Scraper.Http;

namespace Scraper.Crawling;

/// <summary>
/// The per-request transport settings most requests never set, kept apart: a request that sets none carries one
/// null reference instead of five fields (the frontier may hold millions of requests). Values are checked by
/// <see cref="RequestSettings"/> before they get here.
/// </summary>
internal sealed record RequestTransport
{
    public static readonly RequestTransport None = new();

    public IReadOnlyList<KeyValuePair<string, string?>> Params { get; init; } = [];

    public SessionAuth? Auth { get; init; }

    public IReadOnlyDictionary<string, string> Cookies { get; init; } = RequestSettings.NoCookies;

    public TimeSpan? Timeout { get; init; }

    public long? MaxResponseSize { get; init; }
}
