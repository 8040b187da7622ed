using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AngleSharp.Dom;
using Scraper.Parsing;

namespace Scraper.Http;

/// <summary>
/// The final answer to a <see cref="SessionRequest"/>, with its body read into memory (bounded by the session's
/// maximum size), the redirects it went through and its final URL. Text and the HTML document are decoded
/// lazily, by the charset order of the semantics note (BOM, HTTP header, meta, UTF-8).
/// </summary>
public sealed class SessionResponse
{
    private readonly HtmlDocumentParser _parser;
    private readonly JsonSerializerOptions _jsonOptions;
    private string? _text;
    private Encoding? _encoding;

    // Reading a typed header parses it under a lock (and Content-Type formats a new string): callbacks ask once per
    // link, so remember the answers.
    private bool? _isHtml;
    private string? _contentType;
    private bool _contentTypeRead;
    private IDocument? _document;

    internal SessionResponse(
        SessionRequest request,
        HttpResponseMessage message,
        Uri url,
        ReadOnlyMemory<byte> body,
        IReadOnlyList<RedirectHop> history,
        TimeSpan elapsed,
        HtmlDocumentParser parser,
        JsonSerializerOptions jsonOptions)
    {
        Request = request;
        StatusCode = message.StatusCode;
        ReasonPhrase = message.ReasonPhrase;
        Version = message.Version;
        Headers = message.Headers;
        ContentHeaders = message.Content.Headers;
        Url = url;
        Body = body;
        History = history;
        Elapsed = elapsed;
        _parser = parser;
        _jsonOptions = jsonOptions;
    }

    /// <summary>
    /// Builds a response from its parts, for what answers without the transport: an HTTP cache, a browser, a
    /// test. Headers go where HTTP puts them (Content-* with the content), unvalidated, as a server sent them.
    /// </summary>
    /// <param name="request">The request it answers.</param>
    /// <param name="status">The status.</param>
    /// <param name="url">The final URL.</param>
    /// <param name="body">The body, decompressed.</param>
    /// <param name="headers">The headers, repeated names allowed.</param>
    /// <param name="session">The session whose parser and JSON options the response uses; defaults when null.</param>
    /// <param name="history">The redirects it went through.</param>
    /// <returns>The response.</returns>
    public static SessionResponse Create(
        SessionRequest request,
        HttpStatusCode status,
        Uri url,
        ReadOnlyMemory<byte> body,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        Session? session = null,
        IReadOnlyList<RedirectHop>? history = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(url);
        using var message = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
        message.Content.Headers.Clear();
        foreach (var (name, value) in headers ?? [])
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return new SessionResponse(request, message, url, body, history ?? [], TimeSpan.Zero,
            session?.Parser ?? new HtmlDocumentParser(), session?.Options.JsonSerializerOptions ?? JsonContracts.WebDefaults());
    }

    /// <summary>Gets the budget bytes the body still holds, when the request asked to keep them (the crawler does).</summary>
    internal BodyReservation? BodyReservation { get; init; }

    /// <summary>Gives the body's bytes back to the session's <see cref="SessionOptions.BodyBudget"/>; harmless to repeat.</summary>
    internal void ReleaseBody() => BodyReservation?.Dispose();

    /// <summary>Gets the request this answers.</summary>
    public SessionRequest Request { get; }

    /// <summary>Gets the status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets a value indicating whether the status is 2xx.</summary>
    public bool IsSuccessStatusCode => (int)StatusCode is >= 200 and <= 299;

    /// <summary>Gets the reason phrase the server sent.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>Gets the HTTP version of the answer.</summary>
    public Version Version { get; }

    /// <summary>Gets the final URL, after redirects.</summary>
    public Uri Url { get; }

    /// <summary>Gets the response headers.</summary>
    public HttpResponseHeaders Headers { get; }

    /// <summary>Gets the content headers (Content-Type, Content-Length, ...).</summary>
    public HttpContentHeaders ContentHeaders { get; }

    /// <summary>Gets the Content-Type header value, or null.</summary>
    public string? ContentType => _contentTypeRead ? _contentType : ReadContentType();

    private string? ReadContentType()
    {
        _contentType = ContentHeaders.ContentType?.ToString();
        _contentTypeRead = true;
        return _contentType;
    }

    /// <summary>Gets the body, decompressed.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets the redirects followed, first to last; empty when none (R9).</summary>
    public IReadOnlyList<RedirectHop> History { get; }

    /// <summary>Gets the time from sending the first hop to the last body byte, retries and redirects included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets a value indicating whether the body is HTML (or XHTML) by its Content-Type, or has none.</summary>
    public bool IsHtml => _isHtml ??= ContentHeaders.ContentType?.MediaType is null or "text/html" or "application/xhtml+xml";

    /// <summary>Gets the encoding the text is decoded with.</summary>
    public Encoding Encoding
    {
        get
        {
            if (_encoding is null)
            {
                _encoding = CharsetDetector.Detect(Body.Span, ContentType, IsHtml).Encoding;
            }

            return _encoding;
        }
    }

    /// <summary>Gets the body decoded as text (invalid bytes become U+FFFD; never throws).</summary>
    public string Text => _text ??= CharsetDetector.Decode(Body.Span, ContentType, IsHtml);

    /// <summary>
    /// Gets the body parsed as an HTML document whose URL is the final URL, so links, forms and
    /// <c>&lt;base href&gt;</c> resolve as in a browser. Parsed once, on first use.
    /// </summary>
    public IDocument Document => _document ??= _parser.Parse(Body, Url, ContentType);

    /// <summary>Gets a value indicating whether the document was parsed and cut at the parser's depth cap.</summary>
    internal bool IsDepthCapped => _document is not null && _parser.IsDepthCapped(_document);

    /// <summary>Returns the first value of a header, looked up in the response and content headers.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>The value, or null.</returns>
    public string? GetHeader(string name) =>
        Headers.TryGetValues(name, out var values) || ContentHeaders.TryGetValues(name, out values) ? values.FirstOrDefault() : null;

    /// <summary>Deserializes the body as JSON.</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="options">Serializer options; the session's when null.</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The body is not valid JSON for <typeparamref name="T"/>.</exception>
    public T? Json<T>(JsonSerializerOptions? options = null) =>
        JsonSerializer.Deserialize(Body.Span, JsonContracts.For<T>(options ?? _jsonOptions, "SessionOptions.JsonSerializerOptions"));

    /// <summary>Deserializes the body as JSON with source-generated metadata.</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="typeInfo">The metadata.</param>
    /// <returns>The value.</returns>
    public T? Json<T>(JsonTypeInfo<T> typeInfo) => JsonSerializer.Deserialize(Body.Span, typeInfo);

    /// <summary>Throws unless the status is 2xx.</summary>
    /// <returns>This response.</returns>
    /// <exception cref="HttpStatusException">The status is not 2xx.</exception>
    public SessionResponse EnsureSuccessStatusCode() =>
        IsSuccessStatusCode ? this : throw new HttpStatusException(Request.Method, Url, StatusCode, ReasonPhrase);

    /// <summary>Returns the status and URL.</summary>
    /// <returns>For example <c>200 https://shop.test/</c>.</returns>
    public override string ToString() => $"{(int)StatusCode} {UrlRedaction.Redact(Url)}";
}
