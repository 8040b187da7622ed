using Scraper.Http;

namespace Scraper.Crawling;

/// <summary>
/// A request the engine schedules: the URL and how to send it, which spider method parses the answer, which of
/// the spider's sessions it goes through, and scheduling hints. Immutable once created; use <c>with</c>-style
/// copies through the <c>init</c> properties.
/// </summary>
public sealed record Request
{
    /// <summary>Creates a GET request.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="callback">The method that parses the answer; the spider's default when null.</param>
    public Request(Uri url, ParseCallback? callback = null)
        : this(new RequestLocation(RequireAbsolute(url)), callback?.TargetOrNull)
    {
    }

    /// <summary>Creates a GET request parsed by a plain iterator: <c>new Request(url, ParseItem)</c>.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="callback">The method that parses the answer.</param>
    public Request(Uri url, Func<Response, IEnumerable<object>> callback)
        : this(url, new ParseCallback(callback))
    {
    }

    /// <summary>Creates a GET request parsed by an async iterator: <c>new Request(url, ParseItemAsync)</c>.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="callback">The method that parses the answer.</param>
    public Request(Uri url, Func<Response, CancellationToken, IAsyncEnumerable<object>> callback)
        : this(url, new ParseCallback(callback))
    {
    }

    /// <summary>Creates a GET request.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="callback">The method that parses the answer; the spider's default when null.</param>
    public Request(string url, ParseCallback? callback = null)
        : this(new Uri(url, UriKind.Absolute), callback)
    {
    }

    /// <summary>Creates a GET request parsed by a plain iterator: <c>new Request(url, ParseItem)</c>.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="callback">The method that parses the answer.</param>
    public Request(string url, Func<Response, IEnumerable<object>> callback)
        : this(new Uri(url, UriKind.Absolute), new ParseCallback(callback))
    {
    }

    /// <summary>Creates a GET request parsed by an async iterator: <c>new Request(url, ParseItemAsync)</c>.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="callback">The method that parses the answer.</param>
    public Request(string url, Func<Response, CancellationToken, IAsyncEnumerable<object>> callback)
        : this(new Uri(url, UriKind.Absolute), new ParseCallback(callback))
    {
    }

    /// <summary>Creates a GET request for a link whose canonical form is already known.</summary>
    /// <param name="location">The location.</param>
    /// <param name="callback">The callback's delegate; the spider's default when null.</param>
    internal Request(RequestLocation location, Delegate? callback)
    {
        _location = location;
        _callback = callback;
    }

    /// <summary>Gets the absolute URL.</summary>
    public Uri Url
    {
        get => _location.Uri;
        init => _location = new RequestLocation(RequireAbsolute(value));
    }

    /// <summary>Gets the URL in its canonical form (what the fingerprint hashes).</summary>
    internal string Canonical => _location.Canonical;

    /// <summary>Gets the URL's host in its ASCII form (what the offsite filter compares).</summary>
    internal string Host => _location.Host;

    /// <summary>Gets the method.</summary>
    /// <value>The default value is GET.</value>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>Gets the body.</summary>
    public RequestContent? Body { get; init; }

    /// <summary>
    /// Gets headers for this request only: they win over the session's of the same name (case-insensitive), and a
    /// null value removes a session header (H1). Copied when set; a header that could not be sent is refused then.
    /// </summary>
    /// <exception cref="InvalidHeaderException">A name is not a token, or a value holds CR, LF, NUL, another control or a character outside Latin-1 (H3, H4).</exception>
    public IReadOnlyDictionary<string, string?> Headers
    {
        get => Transport.Headers;
        init => _transport = Transport with { Headers = RequestSettings.Headers(value) };
    }

    /// <summary>
    /// Gets query parameters added to the URL after the session's: a null value removes a session parameter of that
    /// name; a key may repeat (P1). Copied when set.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Params
    {
        get => Transport.Params;
        init => _transport = Transport with { Params = RequestSettings.Params(value) };
    }

    /// <summary>Gets credentials for this request only; they win over the session's (A1).</summary>
    /// <value>The default value is null: the session's.</value>
    public SessionAuth? Auth
    {
        get => Transport.Auth;
        init => _transport = Transport with { Auth = value };
    }

    /// <summary>
    /// Gets cookies for this request only: they win over the session jar's of the same name, are not stored, and go
    /// only to the request's own origin, never to a redirect target elsewhere (C8). Copied when set; a cookie that
    /// could not be sent is refused then.
    /// </summary>
    /// <exception cref="InvalidHeaderException">A name or value holds a control character, or a name '=' or ';' (H3).</exception>
    public IReadOnlyDictionary<string, string> Cookies
    {
        get => Transport.Cookies;
        init => _transport = Transport with { Cookies = RequestSettings.Cookies(value) };
    }

    /// <summary>Gets the per-attempt timeout of this request (N3).</summary>
    /// <value>The default value is null: the session's. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns it off.</value>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is zero or negative (and not infinite).</exception>
    public TimeSpan? Timeout
    {
        get => Transport.Timeout;
        init => _transport = Transport with { Timeout = RequestSettings.Timeout(value) };
    }

    /// <summary>Gets the largest body accepted for this request, enforced while it streams in (N4).</summary>
    /// <value>The default value is null: the session's.</value>
    /// <exception cref="ArgumentOutOfRangeException">The size is zero or negative.</exception>
    public long? MaxResponseSize
    {
        get => Transport.MaxResponseSize;
        init => _transport = Transport with { MaxResponseSize = RequestSettings.MaxResponseSize(value) };
    }

    /// <summary>
    /// Gets typed per-request data for download middlewares and handlers (see <see cref="RequestFeatures"/>);
    /// carried through <c>with</c> copies and retries.
    /// </summary>
    /// <value>The default value is <see cref="RequestFeatures.Empty"/>.</value>
    public RequestFeatures Features
    {
        get => Transport.Features;
        init => _transport = Transport with { Features = value ?? throw new ArgumentNullException(nameof(Features)) };
    }

    /// <summary>
    /// Gets the method that parses the answer; null for the spider's default (<see cref="Spider.Parse"/> or
    /// <see cref="Spider.ParseAsync"/>, whichever it overrides). Set it with <c>Callback = new(ParseItem)</c>.
    /// </summary>
    public ParseCallback? Callback
    {
        get => _callback is null ? default(ParseCallback?) : new ParseCallback(_callback);
        init => _callback = value?.TargetOrNull;
    }

    /// <summary>
    /// Gets the method called when the request fails for good (after retries), with the error and the response
    /// when there was one; the error is logged either way. Set it with <c>Errback = new(OnError)</c>.
    /// </summary>
    public ErrorCallback? Errback
    {
        get => _errback is null ? default(ErrorCallback?) : new ErrorCallback(_errback);
        init => _errback = value?.TargetOrNull;
    }

    /// <summary>Gets typed state handed to the callback (read it with <see cref="Response.State{T}"/>).</summary>
    public object? State { get; init; }

    /// <summary>Gets the priority: higher runs first.</summary>
    /// <value>The default value is 0.</value>
    public int Priority { get; init; }

    /// <summary>Gets the depth: 0 for start requests, one more than the request whose callback yielded it.</summary>
    public int Depth { get; init; }

    /// <summary>Gets the name of the spider session the request goes through (and stays on through retries).</summary>
    /// <value>
    /// The default value is null, which the engine resolves when it schedules the request: a start request goes
    /// through the spider's default session; a request yielded by a callback or an errback goes through the session
    /// of the request whose callback or errback yielded it (<see cref="Response.Follow(string, ParseCallback?, object?)"/>
    /// sets that already). Name a session to switch.
    /// </value>
    public string? Session { get; init; }

    /// <summary>
    /// Gets a value indicating whether this request is scheduled even when the duplicate filter has seen its
    /// fingerprint. Its fingerprint is recorded all the same, so that later requests for the same page are dropped
    /// as duplicates: a start request (scheduled with this set) that its own page links back to is fetched once, not
    /// twice. (Scrapy's <c>dont_filter</c> leaves no trace in the filter, so there such a link is fetched again.)
    /// Each request that sets this is fetched, however many there are for the same page.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool DontFilter { get; init; }

    /// <summary>Gets a value indicating whether the session follows redirects for this request.</summary>
    /// <value>The default value is true.</value>
    public bool FollowRedirects { get; init; } = true;

    /// <summary>Gets a value indicating whether this request may be retried; null for the method's default.</summary>
    public bool? Retry { get; init; }

    /// <summary>Gets a value indicating whether robots.txt is checked for this request.</summary>
    /// <value>The default value is true (the spider's setting decides).</value>
    public bool ObeyRobots { get; init; } = true;

    /// <summary>
    /// Gets what an incremental crawl knows this page by besides its fingerprint (Scrapy's <c>deltafetch_key</c>): what
    /// the linking page shows of it, such as the price a listing gives. A request of a callback the spider's
    /// <see cref="Spider.Incremental"/> skips when already scraped is fetched again when this differs from the last visit's.
    /// </summary>
    /// <value>The default value is null: the page is known by its fingerprint alone.</value>
    public string? IncrementalKey
    {
        get => Transport.IncrementalKey;
        init => _transport = Transport with { IncrementalKey = value };
    }

    /// <summary>Gets the URL where the redirect chain this hop continues started (credentials stay with that origin); null for a request that is not a hop.</summary>
    internal Uri? RedirectedFrom
    {
        get => Transport.RedirectedFrom;
        init => _transport = Transport with { RedirectedFrom = value };
    }

    private readonly RequestLocation _location;
    // Every setting most requests leave alone (headers, params, cookies, features, a redirect's origin …) sits in one
    // object, null until one is set: a request is one of ~30 per page crawled, and of millions in a frontier.
    private readonly RequestTransport? _transport;

    // The callbacks' delegates, kept bare: a nullable struct would cost every request a word more.
    private readonly Delegate? _callback;
    private readonly Delegate? _errback;

    private RequestTransport Transport => _transport ?? RequestTransport.None;

    /// <summary>Returns the method and URL.</summary>
    /// <returns>For example <c>GET https://shop.test/</c>.</returns>
    public override string ToString() => $"{Method} {UrlRedaction.Redact(Url)}";

    private static Uri RequireAbsolute(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri ? url : throw new ArgumentException($"A crawl request needs an absolute URL, not '{url.OriginalString}'.", nameof(url));
    }
}
