namespace Scraper.Http.Cookies;

/// <summary>
/// Limits of a <see cref="CookieJar"/> (semantics C7, C9). They are generous on purpose: .NET's own container keeps
/// 20 cookies per domain and silently drops the rest, which logs sites out.
/// </summary>
public sealed class CookieJarOptions
{
    /// <summary>Gets or sets the most cookies kept per domain; past it, the least recently used is evicted.</summary>
    /// <value>The default value is 180.</value>
    public int MaxCookiesPerDomain { get; set; } = 180;

    /// <summary>Gets or sets the most cookies kept in all; past it, the least recently used is evicted.</summary>
    /// <value>The default value is 3000.</value>
    public int MaxCookies { get; set; } = 3000;

    /// <summary>Gets or sets the largest cookie accepted, in bytes of name plus value (UTF-8).</summary>
    /// <value>The default value is 8192.</value>
    public int MaxCookieSize { get; set; } = 8192;

    /// <summary>Gets or sets a value indicating whether a public suffix (<c>com</c>, <c>co.uk</c>) is refused as a cookie's Domain.</summary>
    /// <value>The default value is true.</value>
    public bool RejectPublicSuffixDomains { get; set; } = true;
}
