using System.Text;

namespace Scraper.Parsing;

/// <summary>Chooses the encoding of a body (STUB).</summary>
public static class CharsetDetector
{
    /// <summary>Detects the encoding: BOM, then the HTTP charset, then (for HTML) the meta prescan, then UTF-8.</summary>
    /// <param name="body">The raw bytes.</param>
    /// <param name="contentType">The Content-Type header value, or null.</param>
    /// <param name="sniffHtmlMeta">Whether to look for a meta charset in the first 1024 bytes.</param>
    /// <returns>The encoding and the length of the BOM to skip.</returns>
    public static (Encoding Encoding, int BomLength) Detect(ReadOnlySpan<byte> body, string? contentType, bool sniffHtmlMeta) =>
        throw new NotImplementedException();

    /// <summary>Decodes.</summary>
    /// <param name="body">The raw bytes.</param>
    /// <param name="contentType">The Content-Type header value, or null.</param>
    /// <param name="sniffHtmlMeta">Whether to look for a meta charset.</param>
    /// <returns>The text.</returns>
    public static string Decode(ReadOnlySpan<byte> body, string? contentType, bool sniffHtmlMeta) => throw new NotImplementedException();
}
