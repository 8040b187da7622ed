using System.Text;

namespace Scraper.Crawling.Scheduling;

/// <summary>
/// The canonical form of a URL used to recognise the same page under different spellings: lower-case scheme and
/// host (System.Uri already does both and drops a default port), no fragment, and query parameters sorted by name
/// then value, with their encoding normalised. Path case and trailing slashes are kept: servers may distinguish them.
/// </summary>
public static class CanonicalUrl
{
    /// <summary>Returns the canonical form of an absolute URL.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>The canonical URL.</returns>
    public static string Of(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var left = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        var query = url.Query;
        if (query.Length <= 1)
        {
            return left;
        }

        var pairs = query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                return equals < 0
                    ? (Name: Normalize(pair), Value: (string?)null)
                    : (Name: Normalize(pair[..equals]), Value: Normalize(pair[(equals + 1)..]));
            })
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal);

        var builder = new StringBuilder(left).Append('?');
        var first = true;
        foreach (var (name, value) in pairs)
        {
            if (!first)
            {
                builder.Append('&');
            }

            first = false;
            builder.Append(name);
            if (value is not null)
            {
                builder.Append('=').Append(value);
            }
        }

        return builder.ToString();
    }

    // Decode, then encode again, so that %7E and ~, or + and %20, compare equal.
    private static string Normalize(string component) =>
        Uri.EscapeDataString(Uri.UnescapeDataString(component.Replace('+', ' ')));
}
