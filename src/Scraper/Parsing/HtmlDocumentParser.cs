using System.Runtime.CompilerServices;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Scraper.Parsing;

/// <summary>
/// Parses HTML into an AngleSharp document that knows its real URL, so links, forms and <c>&lt;base href&gt;</c>
/// resolve as in a browser. One instance is shared by every request of a session: AngleSharp's parser is safe for
/// concurrent use. Pages nested deeper than <see cref="HtmlDocumentParserOptions.MaxDepth"/> are cut to it first, as
/// browsers cut them (see <see cref="IsDepthCapped"/>), so parsing costs linear time whatever the page.
/// </summary>
public sealed class HtmlDocumentParser
{
    // Element positions (line and column of each token) are tracked by AngleSharp for tools that map nodes back to
    // the source; nothing here reads them, and not tracking them parses 8% faster (measured on the crawl benchmark's
    // pages, alternating runs) for the same allocation.
    private readonly HtmlParser _parser = new(new HtmlParserOptions { DisableElementPositionTracking = true });
    private readonly int _maxDepth;

    // The documents whose nesting was cut: only the exceptions are kept, weakly, like _otherEncodings.
    private readonly ConditionalWeakTable<IDocument, object> _capped = [];
    private long _cappedPages;

    /// <summary>Creates a parser.</summary>
    /// <param name="options">Its limits; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public HtmlDocumentParser(HtmlDocumentParserOptions? options = null)
    {
        options ??= new HtmlDocumentParserOptions();
        options.Validate();
        _maxDepth = options.MaxDepth;
    }

    /// <summary>Gets how many pages this parser cut to <see cref="HtmlDocumentParserOptions.MaxDepth"/> (for the crawl's stats).</summary>
    public long DepthCappedPages => Interlocked.Read(ref _cappedPages);

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
        var (html, encoding) = Decode(body, contentType);
        return Remember(Parse(html, url), encoding);
    }

    /// <summary>Parses a page from its bytes, decoded by <see cref="CharsetDetector"/>, stopping when the token is cancelled.</summary>
    /// <param name="body">The raw bytes.</param>
    /// <param name="url">The page's real URL (after redirects).</param>
    /// <param name="contentType">The Content-Type header value, or null.</param>
    /// <param name="cancellationToken">Stops the parse (AngleSharp checks it as it reads the page): a time budget is a token cancelled after it.</param>
    /// <returns>The document.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<IDocument> ParseAsync(ReadOnlyMemory<byte> body, Uri url, string? contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var (html, encoding) = Decode(body, contentType);
        return Remember(await ParseAsync(html, url, cancellationToken).ConfigureAwait(false), encoding);
    }

    /// <summary>Parses already-decoded HTML, stopping when the token is cancelled.</summary>
    /// <param name="html">The text.</param>
    /// <param name="url">The page's URL.</param>
    /// <param name="cancellationToken">Stops the parse.</param>
    /// <returns>The document.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<IDocument> ParseAsync(string html, Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(url);
        var limited = HtmlDepthLimiter.Limit(html, _maxDepth, out var dropped);
        var document = await _parser.ParseDocumentAsync(limited, cancellationToken).ConfigureAwait(false);
        return Finish(document, url, dropped);
    }

    /// <summary>Parses already-decoded HTML.</summary>
    /// <param name="html">The text.</param>
    /// <param name="url">The page's URL.</param>
    /// <returns>The document.</returns>
    public IDocument Parse(string html, Uri url)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(url);

        var limited = HtmlDepthLimiter.Limit(html, _maxDepth, out var dropped);
        return Finish(_parser.ParseDocument(limited), url, dropped);
    }

    /// <summary>Returns whether a document parsed here was cut to <see cref="HtmlDocumentParserOptions.MaxDepth"/>.</summary>
    /// <param name="document">The document.</param>
    /// <returns>True when start tags nested deeper than the cap were dropped.</returns>
    public bool IsDepthCapped(IDocument document) => _capped.TryGetValue(document, out _);

    private static (string Html, Encoding Encoding) Decode(ReadOnlyMemory<byte> body, string? contentType)
    {
        var (encoding, bom) = CharsetDetector.Detect(body.Span, contentType, sniffHtmlMeta: true);
        return (encoding.GetString(body.Span[bom..]), encoding);
    }

    private IDocument Remember(IDocument document, Encoding encoding)
    {
        if (encoding.CodePage != Encoding.UTF8.CodePage)
        {
            _otherEncodings.AddOrUpdate(document, encoding);
        }

        return document;
    }

    private IDocument Finish(IDocument document, Uri url, int droppedTags)
    {
        if (droppedTags > 0)
        {
            _capped.AddOrUpdate(document, droppedTags);
            Interlocked.Increment(ref _cappedPages);
        }

        // Parsing text and then setting the address costs the same as parsing alone (measured: ~300 µs for a 13 KB
        // page), where BrowsingContext.OpenAsync costs far more. The address is set after parsing, so a <base href>
        // was resolved against about:blank: resolve it again against the real URL.
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
