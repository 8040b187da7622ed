namespace Scraper.Http.Cookies;

/// <summary>
/// A cookie held by a <see cref="CookieJar"/>, with everything RFC 6265 keeps about it, host-only included
/// (semantics C10): a host-only cookie goes back only to the exact host that set it.
/// </summary>
/// <param name="Name">The name.</param>
/// <param name="Value">
/// The value, as the server sent it: UTF-8 decoded, and each byte that is not part of valid UTF-8 held as the
/// char U+DC00 + byte (U+DC80–U+DCFF), so the next Cookie header carries the very same octets (C6, C11).
/// </param>
/// <param name="Domain">The domain, lower case, without a leading dot.</param>
/// <param name="Path">The path.</param>
public sealed record StoredCookie(string Name, [property: System.Text.Json.Serialization.JsonConverter(typeof(CookieValueJsonConverter))] string Value, string Domain, string Path)
{
    /// <summary>Gets when the cookie expires; null for a session cookie.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Gets a value indicating whether the cookie goes only over https.</summary>
    public bool Secure { get; init; }

    /// <summary>Gets a value indicating whether the cookie is hidden from scripts (kept for fidelity).</summary>
    public bool HttpOnly { get; init; }

    /// <summary>Gets the SameSite attribute.</summary>
    public CookieSameSite SameSite { get; init; }

    /// <summary>Gets a value indicating whether the cookie goes only to <see cref="Domain"/> itself, not its subdomains.</summary>
    public bool HostOnly { get; init; }

    /// <summary>Gets when the cookie was first stored; older cookies are sent first among equal paths.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>Gets a value indicating whether this is a session cookie (no expiry).</summary>
    public bool IsSession => Expires is null;

    /// <summary>Returns the name and domain, never the value (it may be a secret).</summary>
    /// <returns>For example <c>sid (shop.test/)</c>.</returns>
    public override string ToString() => $"{Name} ({Domain}{Path})";
}
