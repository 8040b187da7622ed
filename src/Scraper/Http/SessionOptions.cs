using System.Text.Json;
using Scraper.Http.Cookies;

namespace Scraper.Http;

/// <summary>
/// Everything a <see cref="Session"/> applies to every request it sends. Options are read once, when the
/// session is created: later changes to this object do not reach a live session (use
/// <see cref="Session.Headers"/> and <see cref="Session.Auth"/> for values that change while it runs).
/// </summary>
public sealed class SessionOptions
{
    /// <summary>Gets or sets the session's name, used in logs and as the key of its saved state.</summary>
    /// <value>The default value is <c>default</c>.</value>
    public string Name { get; set; } = "default";

    /// <summary>Gets or sets the address relative request URLs are resolved against.</summary>
    /// <value>The default value is null: every request URL must be absolute.</value>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// Gets the headers sent with every request (semantics H1, H2). A request's own header of the same name wins;
    /// a request header set to null removes it. Defaults: a User-Agent naming Scraper, <c>Accept</c> for HTML
    /// and <c>Accept-Encoding: gzip, deflate, br</c>.
    /// </summary>
    /// <exception cref="InvalidHeaderException">A header set here cannot be sent (H3, H4).</exception>
    public IDictionary<string, string> DefaultHeaders { get; } = new ValidatedDictionary<string>(StringComparer.OrdinalIgnoreCase, HeaderRules.Ensure)
    {
        ["User-Agent"] = SessionDefaults.UserAgent,
        ["Accept"] = SessionDefaults.Accept,
        ["Accept-Encoding"] = SessionDefaults.AcceptEncoding,
    };

    /// <summary>Gets the query parameters added to every request URL (semantics P1); a key may repeat.</summary>
    public IList<KeyValuePair<string, string>> DefaultParams { get; } = [];

    /// <summary>Gets or sets the credentials sent with every request to their origin (semantics A1, A2).</summary>
    /// <value>The default value is null.</value>
    public SessionAuth? Auth { get; set; }

    /// <summary>Gets or sets how long one attempt may take, from sending to the last body byte (semantics N3).</summary>
    /// <value>The default value is 30 seconds. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</value>
    public TimeSpan Timeout { get; set; } = SessionDefaults.Timeout;

    /// <summary>Gets or sets the largest body accepted, after decompression (semantics N4).</summary>
    /// <value>The default value is 64 MiB.</value>
    public long MaxResponseSize { get; set; } = SessionDefaults.MaxResponseSize;

    /// <summary>
    /// Gets or sets the budget that caps the bytes buffered bodies hold at once; it may be shared by many sessions
    /// (a crawl shares one). When it is full, reading a body waits for bytes to be released instead of growing the heap.
    /// A standalone session releases a body's bytes when it returns the response.
    /// </summary>
    /// <value>The default value is null: only <see cref="MaxResponseSize"/> bounds each body.</value>
    public BodyBudget? BodyBudget { get; set; }

    /// <summary>Gets or sets the HTTP version asked for; the server may answer with a lower one (semantics N7).</summary>
    /// <value>The default value is HTTP/1.1. Set 2.0 to negotiate HTTP/2 over TLS.</value>
    public Version HttpVersion { get; set; } = System.Net.HttpVersion.Version11;

    /// <summary>Gets the redirect policy (semantics R1–R9).</summary>
    public RedirectOptions Redirects { get; } = new();

    /// <summary>
    /// Gets the retry policy (semantics T1, T2). In a crawl this is the crawl's one policy,
    /// <see cref="Crawling.CrawlOptions.Retry"/> (<c>Scraper:Retry</c>).
    /// </summary>
    public RetryOptions Retry { get; } = new();

    /// <summary>Gets the proxy settings (semantics N5).</summary>
    public ProxyOptions Proxy { get; } = new();

    /// <summary>Gets the TLS settings (semantics N7).</summary>
    public TlsOptions Tls { get; } = new();

    /// <summary>Gets the connection pool settings (semantics N1).</summary>
    public ConnectionPoolOptions ConnectionPool { get; } = new();

    /// <summary>Gets the cookie jar's limits (semantics C7, C9).</summary>
    public CookieJarOptions Cookies { get; set; } = new();

    /// <summary>
    /// Gets or sets a file the session's cookies are loaded from before its first request and saved to when it is
    /// closed, so a login survives a restart (semantics C10).
    /// </summary>
    /// <value>The default value is null: cookies live as long as the session.</value>
    public string? CookieFile { get; set; }

    /// <summary>
    /// Gets or sets where the session's cookies are loaded from before its first request and saved to when it is
    /// closed, under its <see cref="Name"/>: a job's store, for instance. It wins over <see cref="CookieFile"/>.
    /// </summary>
    /// <value>The default value is null: the <see cref="CookieFile"/>, if any.</value>
    public SessionStores.ISessionStore? Store { get; set; }

    /// <summary>Gets the anti-CSRF token patterns the session applies by itself (both off by default).</summary>
    public CsrfOptions Csrf { get; } = new();

    /// <summary>Gets the hooks run before every hop is sent (each redirect and retry included).</summary>
    public IList<Func<RequestHookArguments, ValueTask>> RequestHooks { get; } = [];

    /// <summary>Gets the hooks run on every response, each redirect hop and retried attempt included (semantics R9).</summary>
    public IList<Func<ResponseHookArguments, ValueTask>> ResponseHooks { get; } = [];

    /// <summary>
    /// Gets or sets the serializer options of the JSON helpers. In a native AOT executable, add a source-generated
    /// <c>JsonSerializerContext</c> to its <see cref="JsonSerializerOptions.TypeInfoResolverChain"/> before the first use.
    /// </summary>
    /// <value>The default value is this session's own copy of the web defaults (camelCase, case-insensitive).</value>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = JsonContracts.WebDefaults();

    /// <summary>Checks the options and throws naming the first invalid one.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        static void Require(bool condition, string key, string message)
        {
            if (!condition)
            {
                throw new ArgumentException($"Session option '{key}' {message}", key);
            }
        }

        Require(!string.IsNullOrWhiteSpace(Name), nameof(Name), "must not be empty.");
        Require(BaseAddress is null || (BaseAddress.IsAbsoluteUri && BaseAddress.Scheme is "http" or "https"),
            nameof(BaseAddress), "must be an absolute http or https URL.");
        Require(Timeout > TimeSpan.Zero || Timeout == System.Threading.Timeout.InfiniteTimeSpan, nameof(Timeout), "must be positive.");
        Require(MaxResponseSize > 0, nameof(MaxResponseSize), "must be positive.");
        Require(Redirects.MaxRedirects >= 0, "Redirects:MaxRedirects", "must not be negative.");
        Retry.Validate();
        Require(ConnectionPool.MaxConnectionsPerServer > 0, "ConnectionPool:MaxConnectionsPerServer", "must be positive.");
        Require(ConnectionPool.ConnectTimeout > TimeSpan.Zero, "ConnectionPool:ConnectTimeout", "must be positive.");
        Require(HttpVersion == System.Net.HttpVersion.Version11 || HttpVersion == System.Net.HttpVersion.Version20
            || HttpVersion == System.Net.HttpVersion.Version10 || HttpVersion == System.Net.HttpVersion.Version30,
            nameof(HttpVersion), "must be 1.0, 1.1, 2.0 or 3.0.");
        Require(Proxy.Address is null || Proxy.Address.IsAbsoluteUri, "Proxy:Address", "must be an absolute URL.");
    }

    /// <summary>Copies these options, so a live session is not affected by later changes.</summary>
    /// <returns>A deep copy of the settings that matter to a live session.</returns>
    internal SessionOptions Clone()
    {
        var copy = new SessionOptions
        {
            Name = Name,
            BaseAddress = BaseAddress,
            Auth = Auth,
            Timeout = Timeout,
            MaxResponseSize = MaxResponseSize,
            // Shared on purpose: one budget caps every session that uses it.
            BodyBudget = BodyBudget,
            HttpVersion = HttpVersion,
            CookieFile = CookieFile,
            Store = Store,
            JsonSerializerOptions = JsonSerializerOptions,
        };
        copy.DefaultHeaders.Clear();
        foreach (var header in DefaultHeaders)
        {
            copy.DefaultHeaders[header.Key] = header.Value;
        }

        foreach (var param in DefaultParams)
        {
            copy.DefaultParams.Add(param);
        }

        Redirects.CopyTo(copy.Redirects);
        Retry.CopyTo(copy.Retry);
        Proxy.CopyTo(copy.Proxy);
        Tls.CopyTo(copy.Tls);
        ConnectionPool.CopyTo(copy.ConnectionPool);
        Csrf.CopyTo(copy.Csrf);
        // The jar copies its limits when it is created, so sharing this object is safe.
        copy.Cookies = Cookies;
        foreach (var hook in RequestHooks)
        {
            copy.RequestHooks.Add(hook);
        }

        foreach (var hook in ResponseHooks)
        {
            copy.ResponseHooks.Add(hook);
        }

        return copy;
    }
}
