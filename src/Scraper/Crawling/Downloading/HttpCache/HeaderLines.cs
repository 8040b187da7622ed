using System.Text;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>
/// An entry's <c>headers.txt</c>: one <c>Name: value</c> line per header, as a server sends them, so a person can
/// <c>cat</c> it. Values never hold a line break (HTTP forbids them; one that slipped in is written as a space).
/// </summary>
internal static class HeaderLines
{
    public static byte[] Format(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value.ReplaceLineEndings(" ")).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads the lines back; null when a line is not a header (the file was damaged or edited wrongly).</summary>
    public static List<KeyValuePair<string, string>>? Parse(ReadOnlySpan<byte> bytes)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
            {
                continue;
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            headers.Add(new(trimmed[..colon].Trim(), trimmed[(colon + 1)..].Trim()));
        }

        return headers;
    }
}
