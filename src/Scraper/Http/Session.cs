using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Scraper.Http.Cookies;
using Scraper.Http.SessionStores;
using Scraper.Parsing;

namespace Scraper.Http;

/// <summary>
/// What <c>requests.Session</c> is to Python scripts: one identity on the web. It keeps cookies (also across runs,
/// with <see cref="SessionOptions.CookieFile"/>), default headers, auth and pooled connections; follows redirects
/// without leaking credentials; retries what is safe to retry; decodes pages as a browser does; and submits forms
/// with their hidden fields filled from the page. Thread-safe: many requests may run through one session at once.
/// </summary>
/// <example>
/// <code>
/// await using var session = new Session(new SessionOptions { BaseAddress = new Uri("https://api.example.com/") });
/// session.Headers["User-Agent"] = "my-script/1.0";
/// var token = await session.PostJsonAsync("auth", new { user = "me", password = secret });
/// session.Auth = SessionAuth.Bearer(token.Json&lt;Login&gt;()!.Token);
/// var orders = await session.GetJsonAsync&lt;Order[]&gt;("orders");
/// </code>
/// </example>
public sealed partial class Session : IAsyncDisposable
{
    private readonly SessionOptions _options;
    private readonly HttpMessageInvoker _invoker;
    private readonly SessionTransport _transport;
    private readonly CsrfTokens _csrf;
    private readonly HtmlDocumentParser _parser = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _cookieFileLock = new(1, 1);
    private readonly ISessionStore? _store;
    private volatile bool _cookieFileLoaded;
    private SessionCookieWriter? _cookieWriter;
    private volatile SessionAuth? _auth;
    private int _disposed;

    /// <summary>Creates a session with its own connection pool and cookie jar.</summary>
    /// <param name="options">The options; defaults when null. They are copied: later changes do not reach this session.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <param name="timeProvider">The clock for timeouts, retries and cookie expiry; the system clock when null.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public Session(SessionOptions? options = null, ILogger<Session>? logger = null, TimeProvider? timeProvider = null)
        : this(options, handler: null, logger, timeProvider)
    {
    }

    /// <summary>
    /// Creates a session over a handler of the caller's (for canned responses in tests, or a custom transport).
    /// The handler must not follow redirects or handle cookies itself: the session does both. The session disposes it.
    /// </summary>
    /// <param name="options">The options; defaults when null.</param>
    /// <param name="handler">The innermost handler; a new <see cref="SocketsHttpHandler"/> configured from the options when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public Session(SessionOptions? options, HttpMessageHandler? handler, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        _options = (options ?? new SessionOptions()).Clone();
        _options.Validate();
        _store = _options.Store ?? (_options.CookieFile is { } cookieFile ? FileSessionStore.ForFile(cookieFile) : null);
        _logger = logger ?? NullLogger.Instance;
        var clock = timeProvider ?? TimeProvider.System;
        _clock = clock;
        Headers = new SessionHeaders(_options.DefaultHeaders);
        _auth = _options.Auth;
        Cookies = new CookieJar(_options.Cookies, clock, _logger);
        _csrf = new CsrfTokens(_options.Csrf, Cookies, _logger, _options.Name);
        _invoker = new HttpMessageInvoker(handler ?? SessionHandlerFactory.Create(_options, _logger), disposeHandler: true);
        _transport = new SessionTransport(_invoker, _options, Headers, () => _auth, Cookies, _csrf, _parser, clock, _logger);
    }

    /// <summary>Gets the session's name.</summary>
    public string Name => _options.Name;

    /// <summary>Gets the session's own options (a validated copy), for the crawl's redirect middleware.</summary>
    internal SessionOptions Options => _options;

    /// <summary>Gets the parser of the session's pages, for responses built outside the transport.</summary>
    internal HtmlDocumentParser Parser => _parser;

    /// <summary>Gets the headers sent with every request; they may be changed at any time (H1).</summary>
    public SessionHeaders Headers { get; }

    /// <summary>Gets or sets the credentials sent with every request to their origin (A1, A2); null for none.</summary>
    public SessionAuth? Auth
    {
        get => _auth;
        set => _auth = value;
    }

    /// <summary>Gets the session's cookie jar: read, set, delete and clear cookies here.</summary>
    public CookieJar Cookies { get; }

    /// <summary>Sends a request and reads its answer, following redirects and retrying by the session's policy.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The final response, whatever its status.</returns>
    /// <exception cref="SessionException">The request could not be completed; the subtype says why and the message names the URL.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The session is closed, or was closed while the request was in flight.</exception>
    public async Task<SessionResponse> SendAsync(SessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_cookieFileLoaded)
        {
            await RestoreCookiesAsync(cancellationToken).ConfigureAwait(false);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        try
        {
            return await _transport.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (_closing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException($"The session '{Name}' was closed while the request to {UrlRedaction.Redact(request.Url)} was in flight.", ex);
        }
        catch (SessionException ex)
        {
            SessionLog.Failed(_logger, Name, request.Method, UrlRedaction.Redact(ex.Url?.AbsoluteUri ?? request.Url), ex.Message);
            throw;
        }
    }

    /// <summary>Saves the jar's cookies to a JSON file, atomically and readable only by its owner.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write; the old file is kept.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public async Task SaveCookiesAsync(string path, CancellationToken cancellationToken = default)
    {
        await Cookies.SaveAsync(path, cancellationToken).ConfigureAwait(false);
        SessionLog.CookiesSaved(_logger, Name, Cookies.Count, path);
    }

    /// <summary>Loads cookies from a JSON file written by <see cref="SaveCookiesAsync"/>; a missing file loads nothing.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the cookies are in the jar.</returns>
    public async Task LoadCookiesAsync(string path, CancellationToken cancellationToken = default)
    {
        await Cookies.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        SessionLog.CookiesLoaded(_logger, Name, Cookies.Count, path);
    }

    /// <summary>
    /// Closes the session: cancels requests in flight (they throw <see cref="ObjectDisposedException"/>), saves the
    /// cookies to <see cref="SessionOptions.CookieFile"/> when one is set, and closes its connections (N6).
    /// </summary>
    /// <returns>A task that completes when the session is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        try
        {
            // Only a jar that was loaded (or started from a missing file) may replace the file: an unused session must not wipe it.
            // The writer has saved every change as it came; disposing it writes the final state.
            if (_cookieWriter is { } writer)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _invoker.Dispose();
            _closing.Dispose();
            _cookieFileLock.Dispose();
        }
    }

    /// <summary>Gets the writer that saves the cookie file on change; null until the file is loaded, or without one.</summary>
    internal SessionCookieWriter? CookieWriter => _cookieWriter;

    /// <summary>Saves the cookie file now if the jar changed (after a login: the new session must survive a kill at once).</summary>
    internal Task FlushCookiesAsync(CancellationToken cancellationToken = default) =>
        _cookieWriter?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Loads the store's cookies into the jar again (over what it holds): another worker of a shared crawl logged the
    /// session in and saved its cookies there.
    /// </summary>
    internal async Task ReloadCookiesAsync(CancellationToken cancellationToken = default)
    {
        await RestoreCookiesAsync(cancellationToken).ConfigureAwait(false);
        if (_store is not null && _cookieWriter is { } writer)
        {
            await writer.LoadAsSavedAsync(await _store.LoadCookiesAsync(Name, cancellationToken).ConfigureAwait(false) ?? [], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Loads <see cref="SessionOptions.CookieFile"/> now instead of before the first request (once; later calls
    /// only report). The engine uses it to skip a login while the saved session is still valid.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Whether the jar holds cookies afterwards.</returns>
    public async Task<bool> RestoreCookiesAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_cookieFileLoaded && _store is not null)
        {
            await _cookieFileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_cookieFileLoaded)
                {
                    Cookies.Load(await _store.LoadCookiesAsync(Name, cancellationToken).ConfigureAwait(false) ?? []);
                    SessionLog.CookiesLoaded(_logger, Name, Cookies.Count, _store.Describe(Name));
                    // From now on every change is saved as it happens, not only when the session closes.
                    _cookieWriter = new SessionCookieWriter(Cookies, _store, Name, _clock, _logger);
                    _cookieFileLoaded = true;
                }
            }
            finally
            {
                _cookieFileLock.Release();
            }
        }

        return Cookies.Count > 0;
    }
}
