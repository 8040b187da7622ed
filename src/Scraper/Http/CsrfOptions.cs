namespace Scraper.Http;

/// <summary>
/// Anti-CSRF patterns a session can apply by itself to unsafe requests (POST, PUT, PATCH, DELETE) on the same
/// origin. Both are opt-in, because sending a token a site did not ask for can itself be rejected.
/// </summary>
public sealed class CsrfOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether the cookie-to-header pattern is applied: the value of the
    /// <see cref="CookieName"/> cookie is sent in the <see cref="HeaderName"/> header (Angular, Laravel, Django).
    /// </summary>
    /// <value>The default value is false.</value>
    public bool CookieToHeader { get; set; }

    /// <summary>Gets or sets the cookie that carries the token.</summary>
    /// <value>The default value is <c>XSRF-TOKEN</c>.</value>
    public string CookieName { get; set; } = "XSRF-TOKEN";

    /// <summary>Gets or sets the header the cookie's token is sent in.</summary>
    /// <value>The default value is <c>X-XSRF-TOKEN</c>.</value>
    public string HeaderName { get; set; } = "X-XSRF-TOKEN";

    /// <summary>
    /// Gets or sets a value indicating whether a <c>&lt;meta name="csrf-token"&gt;</c> seen on a page fetched with
    /// <see cref="Session.GetDocumentAsync"/> is sent in <see cref="MetaHeaderName"/> on later unsafe requests to that origin (Rails).
    /// </summary>
    /// <value>The default value is false.</value>
    public bool MetaToken { get; set; }

    /// <summary>Gets or sets the header a meta token is sent in.</summary>
    /// <value>The default value is <c>X-CSRF-Token</c>.</value>
    public string MetaHeaderName { get; set; } = "X-CSRF-Token";

    internal void CopyTo(CsrfOptions target)
    {
        target.CookieToHeader = CookieToHeader;
        target.CookieName = CookieName;
        target.HeaderName = HeaderName;
        target.MetaToken = MetaToken;
        target.MetaHeaderName = MetaHeaderName;
    }
}
