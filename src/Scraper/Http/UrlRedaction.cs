using System.Text;
using System.Text.RegularExpressions;

namespace Scraper.Http;

/// <summary>
/// Makes URLs and header values safe to log: passwords in user info, and query values whose names say they are
/// secrets (password, token, secret, key, signature, session), are replaced by <c>***</c>.
/// </summary>
internal static partial class UrlRedaction
{
    public const string Mask = "***";

    public static string Redact(Uri url) => url.IsAbsoluteUri ? Redact(url.AbsoluteUri) : Redact(url.OriginalString);

    public static string Redact(string url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return url;
        }

        // Most URLs carry neither user info nor a query: those are returned as they are, without a regex pass
        // (this runs for every request logged, on the crawl's hot path).
        var result = url.Contains('@', StringComparison.Ordinal) ? UserInfoPassword().Replace(url, "$1" + Mask + "@") : url;
        var query = result.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return result;
        }

        var fragment = result.IndexOf('#', query);
        var end = fragment < 0 ? result.Length : fragment;
        var builder = new StringBuilder(result.Length).Append(result, 0, query + 1);
        var parts = result[(query + 1)..end].Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            var separator = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && IsSecretName(Uri.UnescapeDataString(parts[i][..separator])))
            {
                builder.Append(parts[i], 0, separator + 1).Append(Mask);
            }
            else
            {
                builder.Append(parts[i]);
            }
        }

        return builder.Append(result, end, result.Length - end).ToString();
    }

    /// <summary>Whether a form field, query parameter or header name holds a secret.</summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>Whether a header's value must never be logged.</summary>
    public static bool IsSecretHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)
        || IsSecretName(name);

    /// <summary>The value to log for a header.</summary>
    public static string HeaderValueForLog(string name, string value) => IsSecretHeader(name) ? Mask : value;

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@?#]*:)[^@/?#]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPassword();

    [GeneratedRegex(@"pass|pwd|token|secret|key|sig|session|auth|csrf|xsrf|credential", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
