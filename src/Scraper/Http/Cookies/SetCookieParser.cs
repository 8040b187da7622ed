using System.Globalization;

namespace Scraper.Http.Cookies;

/// <summary>
/// Parses one Set-Cookie header value by RFC 6265 §5.2. One header is one cookie: a comma in the value belongs to
/// it (C3). A malformed attribute is ignored on its own (C4); a header without a name=value pair, with an empty
/// name, or with control characters is rejected as a whole.
/// </summary>
internal static class SetCookieParser
{
    public static SetCookie? Parse(string header, out string? rejection)
    {
        rejection = null;
        if (header.Any(static c => c is < ' ' and not '\t' or '\x7f'))
        {
            rejection = "control characters";
            return null;
        }

        var end = header.IndexOf(';', StringComparison.Ordinal);
        var pair = end < 0 ? header : header[..end];
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            rejection = "no name=value pair";
            return null;
        }

        var name = pair[..equals].Trim(' ', '\t');
        if (name.Length == 0)
        {
            rejection = "empty name";
            return null;
        }

        var cookie = new SetCookie(name, pair[(equals + 1)..].Trim(' ', '\t'));
        if (end < 0)
        {
            return cookie;
        }

        foreach (var attribute in header[(end + 1)..].Split(';'))
        {
            var separator = attribute.IndexOf('=', StringComparison.Ordinal);
            var key = (separator < 0 ? attribute : attribute[..separator]).Trim(' ', '\t');
            var value = separator < 0 ? string.Empty : attribute[(separator + 1)..].Trim(' ', '\t');
            cookie = Apply(cookie, key, value);
        }

        return cookie;
    }

    private static SetCookie Apply(SetCookie cookie, string key, string value)
    {
        if (key.Equals("expires", StringComparison.OrdinalIgnoreCase))
        {
            return CookieDateParser.Parse(value) is { } date ? cookie with { Expires = date } : cookie;
        }

        if (key.Equals("max-age", StringComparison.OrdinalIgnoreCase))
        {
            return IsMaxAge(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                ? cookie with { MaxAge = seconds }
                : value.Length > 0 && IsMaxAge(value) ? cookie with { MaxAge = value.StartsWith('-') ? long.MinValue : long.MaxValue } : cookie;
        }

        if (key.Equals("domain", StringComparison.OrdinalIgnoreCase))
        {
            var domain = value.TrimStart('.').ToLowerInvariant();
            return domain.Length == 0 ? cookie : cookie with { Domain = domain };
        }

        if (key.Equals("path", StringComparison.OrdinalIgnoreCase))
        {
            // A path that does not start with "/" means the default path (C2), not a dropped cookie.
            return cookie with { Path = value.StartsWith('/') ? value : null };
        }

        if (key.Equals("secure", StringComparison.OrdinalIgnoreCase))
        {
            return cookie with { Secure = true };
        }

        if (key.Equals("httponly", StringComparison.OrdinalIgnoreCase))
        {
            return cookie with { HttpOnly = true };
        }

        if (key.Equals("samesite", StringComparison.OrdinalIgnoreCase))
        {
            return cookie with
            {
                SameSite = value.ToLowerInvariant() switch
                {
                    "none" => CookieSameSite.None,
                    "lax" => CookieSameSite.Lax,
                    "strict" => CookieSameSite.Strict,
                    _ => CookieSameSite.Unspecified,
                },
            };
        }

        return cookie;
    }

    /// <summary>Max-Age must be an optional minus and digits; anything else is ignored (C4).</summary>
    private static bool IsMaxAge(string value) =>
        value.Length > 0 && value.AsSpan(value[0] == '-' ? 1 : 0) is { Length: > 0 } digits && digits.IndexOfAnyExceptInRange('0', '9') < 0;
}
