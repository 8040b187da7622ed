using System.IO.Compression;
using System.Xml;

namespace Scraper.Crawling.Sitemaps;

/// <summary>
/// Reads sitemaps (sitemaps.org): XML urlsets and sitemap indexes, gzip-compressed or not, and plain-text
/// sitemaps with one URL per line. Lenient about namespaces and malformed entries; safe with hostile files
/// (no DTDs, a bound on the decompressed size).
/// </summary>
public static class SitemapParser
{
    /// <summary>The largest decompressed sitemap read: the protocol's own limit is 50 MB.</summary>
    public const int MaxDecompressedBytes = 50 * 1024 * 1024;

    /// <summary>Parses a sitemap.</summary>
    /// <param name="body">The file's bytes, gzip-compressed or not.</param>
    /// <param name="url">Where it came from, to resolve relative entries.</param>
    /// <returns>The sitemap.</returns>
    /// <exception cref="InvalidDataException">The file is larger than <see cref="MaxDecompressedBytes"/> once decompressed.</exception>
    public static Sitemap Parse(ReadOnlyMemory<byte> body, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var bytes = body.Span is [0x1F, 0x8B, ..] ? Gunzip(body) : body;
        var text = bytes.Span.TrimStart((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        var start = text.TrimStart(" \t\r\n"u8);
        return start.StartsWith("<"u8) ? ParseXml(bytes, url) : ParsePlainText(System.Text.Encoding.UTF8.GetString(text), url);
    }

    private static Sitemap ParseXml(ReadOnlyMemory<byte> bytes, Uri url)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        var locations = new List<Uri>();
        var isIndex = false;
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, settings);
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "sitemapindex")
                {
                    isIndex = true;
                }
                else if (reader.LocalName == "loc")
                {
                    Add(locations, url, reader.ReadElementContentAsString());
                }
            }
        }
        catch (XmlException)
        {
            // A truncated or broken file: keep what was read before the damage.
        }

        return new Sitemap(isIndex, locations);
    }

    private static Sitemap ParsePlainText(string text, Uri url)
    {
        var locations = new List<Uri>();
        // A text sitemap holds absolute URLs only, one per line: anything else on a line is not a URL.
        foreach (var line in text.Split('\n'))
        {
            if (Uri.TryCreate(line.Trim(), UriKind.Absolute, out var absolute))
            {
                Add(locations, url, absolute.AbsoluteUri);
            }
        }

        return new Sitemap(false, locations);
    }

    private static void Add(List<Uri> locations, Uri url, string location)
    {
        if (!string.IsNullOrWhiteSpace(location) && Uri.TryCreate(url, location.Trim(), out var absolute) && absolute.Scheme is "http" or "https")
        {
            locations.Add(absolute);
        }
    }

    private static ReadOnlyMemory<byte> Gunzip(ReadOnlyMemory<byte> body)
    {
        using var input = new MemoryStream(body.ToArray(), writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            if (output.Length + read > MaxDecompressedBytes)
            {
                throw new InvalidDataException($"The sitemap is larger than {MaxDecompressedBytes:N0} bytes once decompressed.");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
