using System.Text;
using Scraper.Http.Cookies;

namespace Scraper.Http;

/// <summary>Builds the Cookie header of one hop: the jar's cookies, overridden by the request's own (C8).</summary>
internal static class CookieHeader
{
    public static string? Build(IReadOnlyList<StoredCookie> jarCookies, IDictionary<string, string>? requestCookies, string? manualHeader)
    {
        if (jarCookies.Count == 0 && requestCookies is null && manualHeader is null)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var cookie in jarCookies)
        {
            if (requestCookies is not null && requestCookies.ContainsKey(cookie.Name))
            {
                continue;
            }

            Append(builder, cookie.Name, cookie.Value);
        }

        if (requestCookies is not null)
        {
            foreach (var (name, value) in requestCookies)
            {
                Append(builder, name, value);
            }
        }

        if (!string.IsNullOrEmpty(manualHeader))
        {
            builder.Append(builder.Length > 0 ? "; " : string.Empty).Append(manualHeader);
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static void Append(StringBuilder builder, string name, string value)
    {
        if (builder.Length > 0)
        {
            builder.Append("; ");
        }

        builder.Append(name).Append('=').Append(value);
    }
}
