using System.Runtime.CompilerServices;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Scraper.Parsing;

/// <summary>
/// Parses HTML into an AngleSharp document that knows its real URL, so links, forms and <c>&lt;base href&gt;</c>
/// resolve as in a browser. One instance is shared by every request of a session: AngleSharp's parser is safe for
/// concurrent use.
/// </summary>
public sealed class HtmlDocumentParser
{
    private readonly HtmlParser _parser = new();

    // AngleSharp reports utf-8 for documents parsed from text, so the parser remembers the real encoding of the
    // documents that were not UTF-8; forms need it to encode what they submit. Weak keys: documents are collected
    // as usual. Only the exceptions are kept: an entry per page (a dependent handle the collector scans on every
    // collection) cost 6% of the crawl benchmark's throughput.
    private readonly ConditionalWeakTable<IDocument, Encoding> _otherEncodings = [];

    /// <summary>Parses a page from its bytes, decoded by <see cref="CharsetDetector"/>.</summary>
    /// <param name="body">The raw bytes.</param>
    /// <param name="url">The page's real URL (after redirects).</param>
    /// <param name="contentType">The Content-Type header value, or null.</param>
    /// <returns>The document.</returns>
    public IDocument Parse(ReadOnlyMemory<byte> body, Uri url, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(url);
        var (encoding, bom) = CharsetDetector.Detect(body.Span, contentType, sniffHtmlMeta: true);
        var document = Parse(encoding.GetString(body.Span[bom..]), url);
        if (encoding.CodePage != Encoding.UTF8.CodePage)
        {
            _otherEncodings.AddOrUpdate(document, encoding);
        }

        return document;
    }

    /// <summary>Parses already-decoded HTML.</summary>
    /// <param name="html">The text.</param>
    /// <param name="url">The page's URL.</param>
    /// <returns>The document.</returns>
    public IDocument Parse(string html, Uri url)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(url);

        // Parsing text and then setting the address costs the same as parsing alone (measured: ~300 µs for a 13 KB
        // page), where BrowsingContext.OpenAsync costs far more. The address is set after parsing, so a <base href>
        // was resolved against about:blank: resolve it again against the real URL.
        var document = _parser.ParseDocument(html);
        document.Location.Href = url.AbsoluteUri;
        // The first <base href> in <head>, found by walking its children: a selector query would go through
        // AngleSharp's selector cache, whose lock showed up as contention when every page is parsed.
        if (FirstBaseHref(document) is { } baseHref && document is Document concrete)
        {
            concrete.BaseUrl = new Url(new Url(url.AbsoluteUri), baseHref.Trim());
        }

        return document;
    }

    private static string? FirstBaseHref(IDocument document)
    {
        foreach (var child in document.Head?.Children ?? Enumerable.Empty<IElement>())
        {
            if (child.LocalName == "base" && child.GetAttribute("href") is { } href)
            {
                return href;
            }
        }

        return null;
    }

    /// <summary>Returns the encoding a document parsed here was decoded with (what its forms submit in).</summary>
    /// <param name="document">The document.</param>
    /// <returns>The encoding; UTF-8 for a page decoded as UTF-8 and for a document this parser did not decode from bytes.</returns>
    public Encoding EncodingOf(IDocument document) => _otherEncodings.TryGetValue(document, out var encoding) ? encoding : Encoding.UTF8;
}
