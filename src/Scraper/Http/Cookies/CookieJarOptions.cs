namespace Scraper.Http.Cookies;

/// <summary>Limits of a <see cref="CookieJar"/> (STUB).</summary>
public sealed class CookieJarOptions
{
}
