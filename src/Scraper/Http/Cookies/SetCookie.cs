namespace Scraper.Http.Cookies;

/// <summary>One parsed Set-Cookie header, before the storage rules of RFC 6265 §5.3 decide whether it is kept.</summary>
internal sealed record SetCookie(string Name, string Value)
{
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Max-Age in seconds; it wins over Expires whatever their order (C4).</summary>
    public long? MaxAge { get; init; }

    public string? Domain { get; init; }

    public string? Path { get; init; }

    public bool Secure { get; init; }

    public bool HttpOnly { get; init; }

    public CookieSameSite SameSite { get; init; }
}
