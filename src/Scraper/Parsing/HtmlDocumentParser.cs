using AngleSharp.Dom;

namespace Scraper.Parsing;

/// <summary>Parses HTML bytes into a document that knows its URL (STUB).</summary>
public sealed class HtmlDocumentParser
{
    /// <summary>Parses a page.</summary>
    /// <param name="body">The raw bytes.</param>
    /// <param name="url">The page's real URL (after redirects).</param>
    /// <param name="contentType">The Content-Type header value, or null.</param>
    /// <returns>The document.</returns>
    public IDocument Parse(ReadOnlyMemory<byte> body, Uri url, string? contentType) => throw new NotImplementedException();
}
