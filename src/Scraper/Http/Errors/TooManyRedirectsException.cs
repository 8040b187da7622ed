namespace Scraper.Http;

/// <summary>A request was redirected more times than allowed (semantics R4); the chain is kept for diagnosis.</summary>
public sealed class TooManyRedirectsException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The first URL.</param>
    /// <param name="limit">The limit.</param>
    /// <param name="chain">The redirects followed.</param>
    public TooManyRedirectsException(Uri url, int limit, IReadOnlyList<RedirectHop> chain)
        : base(url, $"Exceeded {limit} redirects starting at {UrlRedaction.Redact(url)}: "
            + string.Join(" -> ", chain.Take(10).Select(h => $"{(int)h.StatusCode} {UrlRedaction.Redact(h.Url)}"))
            + (chain.Count > 10 ? $" -> ... ({chain.Count} in all)" : string.Empty))
    {
        Limit = limit;
        Chain = chain;
    }

    /// <summary>Gets the limit that was exceeded.</summary>
    public int Limit { get; }

    /// <summary>Gets the redirects followed before giving up.</summary>
    public IReadOnlyList<RedirectHop> Chain { get; }
}
