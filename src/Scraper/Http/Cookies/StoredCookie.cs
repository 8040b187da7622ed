namespace Scraper.Http.Cookies;

/// <summary>A cookie held by a <see cref="CookieJar"/> (STUB).</summary>
/// <param name="Name">The name.</param>
/// <param name="Value">The value.</param>
public sealed record StoredCookie(string Name, string Value)
{
    /// <summary>Gets a value indicating whether the cookie is HttpOnly.</summary>
    public bool HttpOnly { get; init; }
}
