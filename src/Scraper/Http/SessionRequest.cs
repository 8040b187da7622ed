namespace Scraper.Http;

/// <summary>
/// One request through a <see cref="Session"/>: what differs from the session's defaults. Everything not set here
/// comes from the session (headers, params, auth, timeout, redirect and retry policy).
/// </summary>
public sealed class SessionRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="method">The method.</param>
    /// <param name="url">An absolute URL, or one relative to the session's base address.</param>
    public SessionRequest(HttpMethod method, string url)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        Method = method;
        Url = url;
    }

    /// <summary>Creates a request.</summary>
    /// <param name="method">The method.</param>
    /// <param name="url">An absolute URL, or one relative to the session's base address.</param>
    public SessionRequest(HttpMethod method, Uri url)
        : this(method, url?.OriginalString ?? throw new ArgumentNullException(nameof(url)))
    {
    }

    /// <summary>Gets the method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the URL as given.</summary>
    public string Url { get; }

    /// <summary>
    /// Gets the request's own headers. They win over the session's of the same name (case-insensitive);
    /// a null value removes the session's header from this request (semantics H1). A header that could not be
    /// sent is refused when it is set (H3, H4).
    /// </summary>
    /// <exception cref="InvalidHeaderException">The name is not a token, or the value holds CR, LF, NUL, another control or a character outside Latin-1.</exception>
    public IDictionary<string, string?> Headers { get; } = new ValidatedDictionary<string?>(StringComparer.OrdinalIgnoreCase, static (name, value) =>
    {
        if (value is null)
        {
            HeaderRules.EnsureName(name);
        }
        else
        {
            HeaderRules.Ensure(name, value);
        }
    });

    /// <summary>
    /// Gets the query parameters added to the URL after the session's; a null value removes a session parameter
    /// of that name; a key may repeat (semantics P1).
    /// </summary>
    public IList<KeyValuePair<string, string?>> Params { get; } = [];

    /// <summary>Gets or sets the body.</summary>
    public RequestContent? Content { get; set; }

    /// <summary>Gets or sets credentials for this request only; they win over the session's (A1).</summary>
    public SessionAuth? Auth { get; set; }

    /// <summary>
    /// Gets cookies for this request only: they win over the jar's of the same name, are not stored, and are sent
    /// only to the request's own origin, never to a redirect target elsewhere (semantics C8).
    /// </summary>
    /// <exception cref="InvalidHeaderException">The name or value holds a control character, or the name '=' or ';' (H3).</exception>
    public IDictionary<string, string> Cookies { get; } = new ValidatedDictionary<string>(StringComparer.Ordinal, HeaderRules.EnsureCookie);

    /// <summary>Gets or sets the per-attempt timeout for this request; the session's when null (N3).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Gets or sets whether redirects are followed; the session's policy when null.</summary>
    public bool? FollowRedirects { get; set; }

    /// <summary>
    /// Gets or sets whether this request may be retried. Null: idempotent methods only (T1); true: opt in, for
    /// example for a POST to an idempotent API; false: never (a login form is never retried).
    /// </summary>
    public bool? Retry { get; set; }

    /// <summary>Gets or sets the largest body accepted for this request; the session's when null (N4).</summary>
    public long? MaxResponseSize { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the body's bytes stay reserved in the session's
    /// <see cref="SessionOptions.BodyBudget"/> after the response is returned, until
    /// <see cref="SessionResponse.ReleaseBody"/> (the crawler: until the callback has finished). Only for requests
    /// with <see cref="Retry"/> false: otherwise the body is released as it is returned.
    /// </summary>
    internal bool HoldBodyReservation { get; set; }

    /// <summary>
    /// Gets or sets where the redirect chain this request continues started, when the crawler follows redirects
    /// hop by hop: credentials and credential headers then go only where they would have gone on the session's
    /// own redirects (A2, A3).
    /// </summary>
    internal Uri? RedirectedFrom { get; set; }

    /// <summary>Gets a GET request.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>The request.</returns>
    public static SessionRequest Get(string url) => new(HttpMethod.Get, url);

    /// <summary>Gets a POST request with a body.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="content">The body.</param>
    /// <returns>The request.</returns>
    public static SessionRequest Post(string url, RequestContent content) => new(HttpMethod.Post, url) { Content = content };
}
