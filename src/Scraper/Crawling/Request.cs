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
    {
        _location = new RequestLocation(RequireAbsolute(url));
        Callback = callback;
    }

    /// <summary>Creates a GET request.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="callback">The method that parses the answer; the spider's default when null.</param>
    public Request(string url, ParseCallback? callback = null)
        : this(new Uri(url, UriKind.Absolute), callback)
    {
    }

    /// <summary>Creates a GET request for a link whose canonical form is already known.</summary>
    /// <param name="location">The location.</param>
    /// <param name="callback">The method that parses the answer; the spider's default when null.</param>
    internal Request(RequestLocation location, ParseCallback? callback)
    {
        _location = location;
        Callback = callback;
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

    /// <summary>Gets headers for this request only (a null value removes a session header).</summary>
    public IReadOnlyDictionary<string, string?> Headers { get; init; } = EmptyHeaders;

    /// <summary>Gets the method that parses the answer; the spider's <c>ParseAsync</c> when null.</summary>
    public ParseCallback? Callback { get; init; }

    /// <summary>Gets the method called when the request fails for good (after retries); the error is logged either way.</summary>
    public Func<RequestFailure, CancellationToken, IAsyncEnumerable<object>>? Errback { get; init; }

    /// <summary>Gets typed state handed to the callback (read it with <see cref="Response.State{T}"/>).</summary>
    public object? State { get; init; }

    /// <summary>Gets the priority: higher runs first.</summary>
    /// <value>The default value is 0.</value>
    public int Priority { get; init; }

    /// <summary>Gets the depth: 0 for start requests, one more than the request whose callback yielded it.</summary>
    public int Depth { get; init; }

    /// <summary>Gets the name of the spider session the request goes through (and stays on through retries).</summary>
    /// <value>The default value is null: the spider's default session.</value>
    public string? Session { get; init; }

    /// <summary>Gets a value indicating whether the duplicate filter is skipped for this request.</summary>
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

    /// <summary>Gets the URL where the redirect chain this hop continues started (credentials stay with that origin); null for a request that is not a hop.</summary>
    internal Uri? RedirectedFrom { get; init; }

    private static readonly IReadOnlyDictionary<string, string?> EmptyHeaders = new Dictionary<string, string?>();

    private readonly RequestLocation _location;

    /// <summary>Returns the method and URL.</summary>
    /// <returns>For example <c>GET https://shop.test/</c>.</returns>
    public override string ToString() => $"{Method} {UrlRedaction.Redact(Url)}";

    private static Uri RequireAbsolute(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri ? url : throw new ArgumentException($"A crawl request needs an absolute URL, not '{url.OriginalString}'.", nameof(url));
    }
}
