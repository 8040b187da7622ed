using System.Globalization;
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
        var entries = new List<SitemapEntry>();
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

                if (reader.Depth == 0)
                {
                    isIndex = reader.LocalName == "sitemapindex";
                }
                else if (reader.Depth == 1 && reader.LocalName == (isIndex ? "sitemap" : "url") && ReadEntry(reader, url) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }
        catch (XmlException)
        {
            // A truncated or broken file: keep what was read before the damage.
        }

        return new Sitemap(isIndex, entries);
    }

    // Only the entry's own <loc> and <lastmod> (S1): children in its namespace. <image:loc>, <video:…> and
    // <xhtml:link> live in other namespaces, one level down or beside them, and are not pages.
    private static SitemapEntry? ReadEntry(XmlReader reader, Uri url)
    {
        var ns = reader.NamespaceURI;
        string? location = null;
        string? lastModified = null;
        using var entry = reader.ReadSubtree();
        entry.Read();
        entry.Read();
        while (!entry.EOF)
        {
            // ReadElementContentAsString moves past the element, so it is not followed by a Read.
            if (entry.NodeType == XmlNodeType.Element && entry.Depth == 1 && entry.NamespaceURI == ns && entry.LocalName == "loc")
            {
                location = entry.ReadElementContentAsString();
            }
            else if (entry.NodeType == XmlNodeType.Element && entry.Depth == 1 && entry.NamespaceURI == ns && entry.LocalName == "lastmod")
            {
                lastModified = entry.ReadElementContentAsString();
            }
            else
            {
                entry.Read();
            }
        }

        return Absolute(url, location) is { } absolute ? new SitemapEntry(absolute, W3cDateTime(lastModified)) : null;
    }

    // W3C Datetime, as sitemaps.org asks: a date, or a date and time with an offset; UTC when the offset is missing.
    private static DateTimeOffset? W3cDateTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed
            : null;

    private static Sitemap ParsePlainText(string text, Uri url)
    {
        var entries = new List<SitemapEntry>();
        // A text sitemap holds absolute URLs only, one per line: anything else on a line is not a URL.
        foreach (var line in text.Split('\n'))
        {
            if (Uri.TryCreate(line.Trim(), UriKind.Absolute, out var absolute) && Absolute(url, absolute.AbsoluteUri) is { } location)
            {
                entries.Add(new SitemapEntry(location, null));
            }
        }

        return new Sitemap(false, entries);
    }

    private static Uri? Absolute(Uri url, string? location) =>
        !string.IsNullOrWhiteSpace(location) && Uri.TryCreate(url, location.Trim(), out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : null;

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
