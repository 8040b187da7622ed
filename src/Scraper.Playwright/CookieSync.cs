using Microsoft.Playwright;
using Scraper.Http.Cookies;

namespace Scraper.Playwright;

/// <summary>
/// Keeps a session's cookie jar and its browser context one store (no drift between HTTP and browser cookies):
/// the jar's cookies for the page's host go into the context before a rendering, with every attribute, and the
/// cookies the context holds after it (from Set-Cookie or <c>document.cookie</c>) go into the jar.
/// </summary>
internal static class CookieSync
{
    /// <summary>The jar's cookies a browser at <paramref name="url"/> may see (any path; Secure ones only over https), as Playwright cookies.</summary>
    public static List<Cookie> ToBrowser(CookieJar jar, Uri url)
    {
        var host = url.IdnHost.ToLowerInvariant();
        // Chromium sends Secure cookies to http://localhost and 127.0.0.1 (secure contexts); the jar never does over http.
        var secure = url.Scheme == Uri.UriSchemeHttps;
        var cookies = new List<Cookie>();
        foreach (var cookie in jar.GetAllCookies())
        {
            var matches = cookie.Domain == host || (!cookie.HostOnly && host.EndsWith("." + cookie.Domain, StringComparison.Ordinal));
            if (!matches || (cookie.Secure && !secure) || HasLoneSurrogate(cookie.Value))
            {
                // A value holding raw non-UTF-8 bytes (kept as lone surrogates) cannot cross the driver's JSON.
                continue;
            }

            cookies.Add(new Cookie
            {
                Name = cookie.Name,
                Value = cookie.Value,
                // Playwright's rule: a leading dot makes a domain cookie, none a host-only one.
                Domain = cookie.HostOnly ? cookie.Domain : "." + cookie.Domain,
                Path = cookie.Path,
                Expires = cookie.Expires is { } expires ? ToUnixSeconds(expires) : null,
                Secure = cookie.Secure,
                HttpOnly = cookie.HttpOnly,
                SameSite = ToBrowser(cookie.SameSite, cookie.Secure),
            });
        }

        return cookies;
    }

    /// <summary>Puts the context's cookies that the jar lacks or holds differently into the jar; returns how many.</summary>
    public static int FromBrowser(CookieJar jar, IReadOnlyList<BrowserContextCookiesResult> browserCookies)
    {
        var known = jar.GetAllCookies().ToDictionary(c => (c.Name, c.Domain, c.Path));
        var changed = 0;
        foreach (var browser in browserCookies)
        {
            var cookie = FromBrowser(browser);
            if (known.TryGetValue((cookie.Name, cookie.Domain, cookie.Path), out var held) && SameCookie(held, cookie))
            {
                continue;
            }

            jar.Set(cookie);
            changed++;
        }

        return changed;
    }

    private static StoredCookie FromBrowser(BrowserContextCookiesResult cookie) =>
        new(cookie.Name, cookie.Value, cookie.Domain.TrimStart('.').ToLowerInvariant(), string.IsNullOrEmpty(cookie.Path) ? "/" : cookie.Path)
        {
            // Playwright reports a session cookie as -1.
            Expires = cookie.Expires < 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)(cookie.Expires * 1000)),
            Secure = cookie.Secure,
            HttpOnly = cookie.HttpOnly,
            SameSite = cookie.SameSite switch
            {
                SameSiteAttribute.Strict => CookieSameSite.Strict,
                SameSiteAttribute.Lax => CookieSameSite.Lax,
                SameSiteAttribute.None => CookieSameSite.None,
                _ => CookieSameSite.Unspecified,
            },
            HostOnly = !cookie.Domain.StartsWith('.'),
        };

    /// <summary>The same value and flags, and an expiry within a second: not worth a write of the cookie file.</summary>
    private static bool SameCookie(StoredCookie held, StoredCookie browser) =>
        held.Value == browser.Value && held.Secure == browser.Secure && held.HttpOnly == browser.HttpOnly && held.HostOnly == browser.HostOnly
        && (held.Expires, browser.Expires) switch
        {
            (null, null) => true,
            ({ } a, { } b) => (a - b).Duration() < TimeSpan.FromSeconds(1) || (a > b && b.Year >= 9999),
            _ => false,
        };

    private static SameSiteAttribute? ToBrowser(CookieSameSite sameSite, bool secure) => sameSite switch
    {
        CookieSameSite.Strict => SameSiteAttribute.Strict,
        CookieSameSite.Lax => SameSiteAttribute.Lax,
        // Chromium refuses SameSite=None without Secure; left unset it behaves as the jar does for a top-level page.
        CookieSameSite.None when secure => SameSiteAttribute.None,
        _ => null,
    };

    private static float ToUnixSeconds(DateTimeOffset expires) =>
        expires >= DateTimeOffset.MaxValue.AddDays(-1) ? 253402300799f : expires.ToUnixTimeSeconds();

    private static bool HasLoneSurrogate(string value)
    {
        foreach (var c in value)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
