namespace Scraper.Http.Cookies;

/// <summary>The SameSite attribute of a cookie (kept and saved; a crawler sends cookies as a top-level browser would).</summary>
public enum CookieSameSite
{
    /// <summary>Not set, or a value no browser knows.</summary>
    Unspecified,

    /// <summary><c>SameSite=None</c>.</summary>
    None,

    /// <summary><c>SameSite=Lax</c>.</summary>
    Lax,

    /// <summary><c>SameSite=Strict</c>.</summary>
    Strict,
}
