using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Scraper.Forms;
using Scraper.Http;

namespace Scraper.Crawling;

/// <summary>
/// A downloaded answer handed to a parse callback: status, headers, bytes, decoded text, a lazily parsed
/// document that knows its real URL, and one-line helpers for the common cases (text of the first match,
/// an attribute of every match, following links, building a form submission).
/// </summary>
public sealed class Response
{
    private Uri? _baseUrl;
    private LinkBase? _simpleLinks;
    private bool _simpleLinksKnown;

    /// <summary>Creates the crawl's response around a session's answer to the request.</summary>
    /// <param name="request">The request it answers.</param>
    /// <param name="inner">The session's response.</param>
    public Response(Request request, SessionResponse inner)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inner);
        Request = request;
        Inner = inner;
        History = inner.History;
    }

    /// <summary>
    /// Builds a response from its parts, for download handlers, middlewares and tests that answer without the
    /// network (a cache, a browser, canned pages).
    /// </summary>
    /// <param name="request">The request it answers.</param>
    /// <param name="status">The status.</param>
    /// <param name="body">The body bytes, decompressed.</param>
    /// <param name="headers">The headers (Content-Type decides how the body is decoded); repeated names allowed.</param>
    /// <param name="url">The final URL; the request's when null.</param>
    /// <param name="session">The session whose parser and JSON options it uses (a middleware passes <c>context.Session</c>); defaults when null.</param>
    /// <returns>The response.</returns>
    public static Response Create(Request request, HttpStatusCode status, ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>>? headers = null, Uri? url = null, Session? session = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sessionRequest = new SessionRequest(request.Method, request.Url);
        return new Response(request, SessionResponse.Create(sessionRequest, status, url ?? request.Url, body, headers, session));
    }

    /// <summary>The same answer for the request that started a redirect chain, with the hops followed.</summary>
    internal Response ForRedirectChain(Request original, IReadOnlyList<RedirectHop> hops) => new(original, Inner) { History = hops };

    /// <summary>Gets the request this answers.</summary>
    public Request Request { get; }

    /// <summary>Gets how many links of this page were not followed for being longer than <see cref="LinkBase.MaxUrlLength"/>,
    /// by <see cref="Follow(string, ParseCallback?, object?)"/> or a <see cref="Links.LinkExtractor"/>; the engine counts them after the callback.</summary>
    internal int LinksTooLong { get; set; }

    /// <summary>Gets the session's response (headers, history, timing).</summary>
    public SessionResponse Inner { get; }

    /// <summary>Gets the status.</summary>
    public HttpStatusCode Status => Inner.StatusCode;

    /// <summary>Gets the final URL, after redirects.</summary>
    public Uri Url => Inner.Url;

    /// <summary>Gets the redirects followed to get here, first to last; empty when none.</summary>
    public IReadOnlyList<RedirectHop> History { get; private init; }

    /// <summary>Gets a value indicating whether the request was redirected.</summary>
    public bool Redirected => History.Count > 0;

    /// <summary>Gets the body bytes.</summary>
    public ReadOnlyMemory<byte> Body => Inner.Body;

    /// <summary>Gets the body as text, decoded by the charset order BOM, HTTP header, meta, UTF-8.</summary>
    public string Text => Inner.Text;

    /// <summary>Gets a value indicating whether the body is HTML by its Content-Type.</summary>
    public bool IsHtml => Inner.IsHtml;

    /// <summary>Gets the parsed document (parsed once, on first use), whose URL is <see cref="Url"/>.</summary>
    public IDocument Document => Inner.Document;

    /// <summary>Gets the request's depth.</summary>
    public int Depth => Request.Depth;

    /// <summary>Returns the first value of a header.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value, or null.</returns>
    public string? Header(string name) => Inner.GetHeader(name);

    /// <summary>Gets the request's typed state.</summary>
    /// <typeparam name="T">The state's type.</typeparam>
    /// <returns>The state.</returns>
    /// <exception cref="InvalidOperationException">The request carries no state of that type.</exception>
    public T State<T>() => Request.State is T state ? state : throw new InvalidOperationException(
        $"The request {Request} carries {Request.State?.GetType().Name ?? "no state"}, not {typeof(T).Name}.");

    /// <summary>Returns every element matching a CSS selector.</summary>
    /// <param name="selector">The selector.</param>
    /// <returns>The elements, in document order.</returns>
    public IHtmlCollection<IElement> Css(string selector) => Document.QuerySelectorAll(selector);

    /// <summary>Returns the trimmed text of the first element matching a selector, or null when none does.</summary>
    /// <param name="selector">The selector.</param>
    /// <returns>The text.</returns>
    public string? SelectText(string selector) => Document.SelectText(selector);

    /// <summary>Returns an attribute of every element matching a selector (elements without it are skipped).</summary>
    /// <param name="selector">The selector.</param>
    /// <param name="attribute">The attribute name.</param>
    /// <returns>The values, in document order.</returns>
    public IReadOnlyList<string> SelectAttributes(string selector, string attribute) => Document.SelectAttributes(selector, attribute);

    /// <summary>Deserializes the body as JSON.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="options">Serializer options; the session's when null.</param>
    /// <returns>The value.</returns>
    public T? Json<T>(JsonSerializerOptions? options = null) => Inner.Json<T>(options);

    /// <summary>
    /// Builds a request for a link, resolved against the page's base URL (<c>&lt;base href&gt;</c> honoured), one
    /// level deeper, on the same session, as a browser reads it (WHATWG: tabs and newlines removed, escapes kept as
    /// written). Returns null for links that are not http(s) (mailto:, javascript:, data:) and for links longer than
    /// <see cref="LinkBase.MaxUrlLength"/> (counted in <see cref="LinksTooLong"/>).
    /// </summary>
    /// <param name="href">The link as written in the page, or an absolute URL.</param>
    /// <param name="callback">The callback; the spider's default when null.</param>
    /// <param name="state">Typed state for the callback.</param>
    /// <returns>The request, or null.</returns>
    public Request? Follow(string href, ParseCallback? callback = null, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(href);
        if (!LinkBase.TryPrepare(href, out var link))
        {
            LinksTooLong++;
            return null;
        }

        RequestLocation location;
        if (SimpleLinks is { } simple && simple.TryResolve(link) is { } canonical)
        {
            location = new RequestLocation(canonical, simple.Host);
        }
        else if (LinkBase.Resolve(BaseUrl, link) is { } target)
        {
            location = new RequestLocation(target);
        }
        else
        {
            return null;
        }

        return new Request(location, callback?.TargetOrNull) { Session = Request.Session, State = state, Depth = Request.Depth + 1 };
    }

    /// <summary>Builds a request for a link, parsed by a plain iterator: <c>response.Follow(href, ParseItem)</c>.</summary>
    /// <param name="href">The link as written in the page, or an absolute URL.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">Typed state for the callback.</param>
    /// <returns>The request, or null for links that are not http(s).</returns>
    public Request? Follow(string href, Func<Response, IEnumerable<object>> callback, object? state = null) =>
        Follow(href, new ParseCallback(callback), state);

    /// <summary>Builds a request for a link, parsed by an async iterator: <c>response.Follow(href, ParseItemAsync)</c>.</summary>
    /// <param name="href">The link as written in the page, or an absolute URL.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">Typed state for the callback.</param>
    /// <returns>The request, or null for links that are not http(s).</returns>
    public Request? Follow(string href, Func<Response, CancellationToken, IAsyncEnumerable<object>> callback, object? state = null) =>
        Follow(href, new ParseCallback(callback), state);

    /// <summary>Builds requests for the <c>href</c> of every element matching a selector (for example <c>a.next</c>).</summary>
    /// <param name="selector">The selector; matched elements without an href are skipped.</param>
    /// <param name="callback">The callback; the spider's default when null.</param>
    /// <param name="state">Typed state for the callback.</param>
    /// <returns>The requests, in document order, duplicates included (the duplicate filter drops them).</returns>
    public IEnumerable<Request> FollowAll(string selector, ParseCallback? callback = null, object? state = null)
    {
        foreach (var href in SelectAttributes(selector, "href"))
        {
            if (Follow(href, callback, state) is { } request)
            {
                yield return request;
            }
        }
    }

    /// <summary>Builds requests for the <c>href</c> of every element matching a selector, parsed by a plain iterator.</summary>
    /// <param name="selector">The selector; matched elements without an href are skipped.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">Typed state for the callback.</param>
    /// <returns>The requests, in document order.</returns>
    public IEnumerable<Request> FollowAll(string selector, Func<Response, IEnumerable<object>> callback, object? state = null) =>
        FollowAll(selector, new ParseCallback(callback), state);

    /// <summary>Builds requests for the <c>href</c> of every element matching a selector, parsed by an async iterator.</summary>
    /// <param name="selector">The selector; matched elements without an href are skipped.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">Typed state for the callback.</param>
    /// <returns>The requests, in document order.</returns>
    public IEnumerable<Request> FollowAll(string selector, Func<Response, CancellationToken, IAsyncEnumerable<object>> callback, object? state = null) =>
        FollowAll(selector, new ParseCallback(callback), state);

    /// <summary>
    /// Builds the request a browser would send for a form of this page (hidden CSRF fields, defaults, the first
    /// submit button; see <see cref="FormSubmission"/>), on the same session, never retried by itself.
    /// </summary>
    /// <param name="values">Values laid over the form's own; a null value removes a field or unchecks a box.</param>
    /// <param name="callback">The callback for the answer; the spider's default when null.</param>
    /// <param name="options">Which form and button; the first form and its first submit button when null.</param>
    /// <returns>The request.</returns>
    /// <exception cref="FormException">No such form, field or button; the message names what is missing.</exception>
    public Request SubmitForm(IEnumerable<KeyValuePair<string, string?>>? values = null, ParseCallback? callback = null, FormSubmitOptions? options = null)
    {
        var sessionRequest = FormSubmission.FromDocument(Document, values, options, Inner.Encoding).ToRequest();
        return new Request(new Uri(sessionRequest.Url), callback)
        {
            Method = sessionRequest.Method,
            Body = sessionRequest.Content,
            Headers = sessionRequest.Headers.ToDictionary(StringComparer.OrdinalIgnoreCase),
            Session = Request.Session,
            Retry = false,
        };
    }

    /// <summary>Builds the request a browser would send for a form of this page, its answer parsed by a plain iterator.</summary>
    /// <param name="values">Values laid over the form's own; a null value removes a field or unchecks a box.</param>
    /// <param name="callback">The callback for the answer.</param>
    /// <param name="options">Which form and button; the first form and its first submit button when null.</param>
    /// <returns>The request.</returns>
    /// <exception cref="FormException">No such form, field or button; the message names what is missing.</exception>
    public Request SubmitForm(IEnumerable<KeyValuePair<string, string?>>? values, Func<Response, IEnumerable<object>> callback, FormSubmitOptions? options = null) =>
        SubmitForm(values, new ParseCallback(callback), options);

    /// <summary>Builds the request a browser would send for a form of this page, its answer parsed by an async iterator.</summary>
    /// <param name="values">Values laid over the form's own; a null value removes a field or unchecks a box.</param>
    /// <param name="callback">The callback for the answer.</param>
    /// <param name="options">Which form and button; the first form and its first submit button when null.</param>
    /// <returns>The request.</returns>
    /// <exception cref="FormException">No such form, field or button; the message names what is missing.</exception>
    public Request SubmitForm(IEnumerable<KeyValuePair<string, string?>>? values, Func<Response, CancellationToken, IAsyncEnumerable<object>> callback, FormSubmitOptions? options = null) =>
        SubmitForm(values, new ParseCallback(callback), options);

    // Links resolve against <base href> when the page has one; computed once per page, not once per link.
    private Uri BaseUrl => _baseUrl ??= IsHtml ? new Uri(Document.BaseUri) : Url;

    // Links that resolve without a Uri; null when the base URL rules that out (user info, not http).
    private LinkBase? SimpleLinks => _simpleLinksKnown ? _simpleLinks : FindSimpleLinks();

    private LinkBase? FindSimpleLinks()
    {
        _simpleLinks = LinkBase.For(BaseUrl);
        _simpleLinksKnown = true;
        return _simpleLinks;
    }

    /// <summary>Returns the status and URL.</summary>
    /// <returns>For example <c>200 https://shop.test/</c>.</returns>
    public override string ToString() => Inner.ToString();
}
