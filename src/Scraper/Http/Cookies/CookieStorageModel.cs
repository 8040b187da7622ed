using System.Net;
using System.Text;

namespace Scraper.Http.Cookies;

/// <summary>
/// Whether a parsed Set-Cookie may be stored, and as what (RFC 6265 §5.3, RFC 6265bis for Secure and the name
/// prefixes): size, Secure over http, Domain against the host and the public suffixes, Path, Max-Age over Expires.
/// The jar applies the result; this decides it.
/// </summary>
/// <param name="maxSize">The largest name plus value accepted, in bytes (C7).</param>
/// <param name="rejectPublicSuffixes">Whether a Domain attribute naming a public suffix is refused.</param>
/// <param name="timeProvider">The clock Max-Age counts from.</param>
internal sealed class CookieStorageModel(int maxSize, bool rejectPublicSuffixes, TimeProvider timeProvider)
{
    /// <summary>Applies the storage model of RFC 6265 §5.3 (and RFC 6265bis for Secure and prefixes).</summary>
    public StoredCookie? ToStored(Uri requestUri, SetCookie parsed, out string? rejection)
    {
        rejection = null;
        var host = requestUri.IdnHost.ToLowerInvariant();
        var secureRequest = requestUri.Scheme == Uri.UriSchemeHttps;
        if (Encoding.UTF8.GetByteCount(parsed.Name) + CookieEncoding.Instance.GetByteCount(parsed.Value) > maxSize)
        {
            rejection = $"larger than {maxSize} bytes";
            return null;
        }

        if (parsed.Secure && !secureRequest)
        {
            rejection = "Secure cookie set over http";
            return null;
        }

        var hostOnly = true;
        var domain = host;
        if (parsed.Domain is { } attribute && attribute != host)
        {
            if (IPAddress.TryParse(host, out _))
            {
                rejection = "a Domain attribute on a cookie from an IP address";
                return null;
            }

            if (rejectPublicSuffixes && PublicSuffixList.Instance.IsPublicSuffix(attribute))
            {
                rejection = $"Domain={attribute} is a public suffix";
                return null;
            }

            if (!host.EndsWith("." + attribute, StringComparison.Ordinal))
            {
                rejection = $"Domain={attribute} does not cover {host}";
                return null;
            }

            hostOnly = false;
            domain = attribute;
        }
        else if (parsed.Domain is not null && !(rejectPublicSuffixes && PublicSuffixList.Instance.IsPublicSuffix(host) && !IsSingleLabelOrIp(host)))
        {
            // Domain equal to the host: the cookie also covers its subdomains (unless the host is a public suffix itself).
            hostOnly = false;
        }

        var path = parsed.Path ?? CookiePaths.Default(requestUri);
        if (parsed.Name.StartsWith("__Secure-", StringComparison.Ordinal) && !parsed.Secure)
        {
            rejection = "__Secure- prefix without Secure";
            return null;
        }

        if (parsed.Name.StartsWith("__Host-", StringComparison.Ordinal) && (!parsed.Secure || !hostOnly || path != "/"))
        {
            rejection = "__Host- prefix needs Secure, no Domain and Path=/";
            return null;
        }

        var now = timeProvider.GetUtcNow();
        DateTimeOffset? expires = parsed.MaxAge switch
        {
            // Max-Age wins over Expires whatever their order (C4); zero or less deletes (C5).
            <= 0 => DateTimeOffset.MinValue,
            { } seconds => seconds >= (long)(DateTimeOffset.MaxValue - now).TotalSeconds ? DateTimeOffset.MaxValue : now.AddSeconds(seconds),
            null => parsed.Expires,
        };

        return new StoredCookie(parsed.Name, parsed.Value, domain, path)
        {
            Expires = expires,
            Secure = parsed.Secure,
            HttpOnly = parsed.HttpOnly,
            SameSite = parsed.SameSite,
            HostOnly = hostOnly,
            Created = now,
        };
    }

    private static bool IsSingleLabelOrIp(string host) => !host.Contains('.', StringComparison.Ordinal) || IPAddress.TryParse(host, out _);
}
