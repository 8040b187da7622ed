using System.Text;

namespace Scraper.Parsing;

/// <summary>
/// Chooses a body's encoding in the order browsers use (semantics "Decoding HTML"): a byte order mark, then the
/// charset of the Content-Type header, then (for HTML) a meta charset in the first 1024 bytes, then UTF-8. An
/// unknown label at one step falls through to the next; decoding never throws (bad bytes become U+FFFD).
/// </summary>
public static class CharsetDetector
{
    /// <summary>Detects the encoding of a body.</summary>
    /// <param name="body">The raw bytes.</param>
    /// <param name="contentType">The Content-Type header value, or null.</param>
    /// <param name="sniffHtmlMeta">Whether to look for a meta charset (true for HTML).</param>
    /// <returns>The encoding, and the length of the byte order mark to skip.</returns>
    public static (Encoding Encoding, int BomLength) Detect(ReadOnlySpan<byte> body, string? contentType, bool sniffHtmlMeta)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (EncodingLabels.Utf8, 3);
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        if (EncodingLabels.Find(ContentTypeCharset.FromHeader(contentType)) is { } declared)
        {
            return (declared, 0);
        }

        if (sniffHtmlMeta && EncodingLabels.Find(MetaCharsetPrescanner.FindCharset(body)) is { } meta)
        {
            // A page cannot declare UTF-16 in its own ASCII-compatible bytes: the standard reads that as UTF-8.
            return (meta is UnicodeEncoding or UTF32Encoding ? EncodingLabels.Utf8 : meta, 0);
        }

        return (EncodingLabels.Utf8, 0);
    }

    /// <summary>Detects the encoding and decodes the body.</summary>
    /// <param name="body">The raw bytes.</param>
    /// <param name="contentType">The Content-Type header value, or null.</param>
    /// <param name="sniffHtmlMeta">Whether to look for a meta charset.</param>
    /// <returns>The text.</returns>
    public static string Decode(ReadOnlySpan<byte> body, string? contentType, bool sniffHtmlMeta)
    {
        var (encoding, bom) = Detect(body, contentType, sniffHtmlMeta);
        return encoding.GetString(body[bom..]);
    }

    /// <summary>
    /// Returns the encoding a charset label names, as browsers map labels (<c>latin1</c> is windows-1252,
    /// <c>gb2312</c> is GBK), or null when the runtime has no such encoding.
    /// </summary>
    /// <param name="label">The label.</param>
    /// <returns>The encoding, or null.</returns>
    public static Encoding? GetEncoding(string label) => EncodingLabels.Find(label);
}
