using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Scraper.Http.Cookies;

/// <summary>
/// An RFC 6265 cookie jar (semantics C1–C10), safe for many concurrent requests. It replaces .NET's
/// <see cref="CookieContainer"/>, which splits values on commas, drops cookies with a relative path or a bad date,
/// throws on non-ASCII values, keeps only 20 cookies per domain and cannot tell host-only cookies apart.
/// </summary>
public sealed partial class CookieJar
{
    private static readonly IReadOnlyList<StoredCookie> None = [];

    private readonly Lock _lock = new();
    private readonly CookieBuckets _buckets;
    private readonly CookieStorageModel _storage;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private long _version;

    /// <summary>Creates an empty jar.</summary>
    /// <param name="options">Limits; defaults when null. They are read once, here.</param>
    /// <param name="timeProvider">The clock for expiry; the system clock when null.</param>
    /// <param name="logger">Receives a debug line for each refused Set-Cookie (never its value).</param>
    public CookieJar(CookieJarOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        options ??= new CookieJarOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _buckets = new CookieBuckets(options.MaxCookiesPerDomain, options.MaxCookies, _timeProvider);
        _storage = new CookieStorageModel(options.MaxCookieSize, options.RejectPublicSuffixDomains, _timeProvider);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets a number that grows with every change to the jar, so a saver can tell whether it has something new.</summary>
    internal long Version => Interlocked.Read(ref _version);

    /// <summary>Gets or sets what is told, outside the jar's lock, after each change (the session's cookie writer).</summary>
    internal Action? Changed { get; set; }

    /// <summary>Gets the number of cookies held (expired ones included until they are next touched).</summary>
    public int Count => _buckets.Count;

    /// <summary>Stores the cookies of one response (RFC 6265 §5.3); each header value is one cookie.</summary>
    /// <param name="requestUri">The URL of the request the response answers.</param>
    /// <param name="setCookieHeaders">The Set-Cookie header values.</param>
    public void SetCookies(Uri requestUri, IEnumerable<string> setCookieHeaders)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(setCookieHeaders);
        foreach (var header in setCookieHeaders)
        {
            if (SetCookieParser.Parse(header, out var rejection) is not { } parsed)
            {
                Log.Rejected(_logger, requestUri.Host, rejection!);
                continue;
            }

            if (_storage.ToStored(requestUri, parsed, out rejection) is { } cookie)
            {
                Store(cookie);
            }
            else
            {
                Log.RejectedNamed(_logger, parsed.Name, requestUri.Host, rejection!);
            }
        }
    }

    /// <summary>Returns the cookies to send to a URL, in RFC 6265 order: longer paths first, then older first.</summary>
    /// <param name="requestUri">The request URL.</param>
    /// <returns>The cookies; empty when none match.</returns>
    public IReadOnlyList<StoredCookie> GetCookies(Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        if (_buckets.Count == 0)
        {
            return None;
        }

        var host = requestUri.IdnHost.ToLowerInvariant();
        var path = string.IsNullOrEmpty(requestUri.AbsolutePath) ? "/" : requestUri.AbsolutePath;
        var secure = requestUri.Scheme == Uri.UriSchemeHttps;
        var now = _timeProvider.GetUtcNow();
        List<StoredCookie>? matches;
        lock (_lock)
        {
            matches = _buckets.Matching(host, path, secure, now);
        }

        if (matches is null)
        {
            return None;
        }

        matches.Sort(static (a, b) => b.Path.Length != a.Path.Length ? b.Path.Length.CompareTo(a.Path.Length) : a.Created.CompareTo(b.Created));
        return matches;
    }

    /// <summary>Returns the Cookie header value for a URL (<c>a=1; b=2</c>), or null when no cookie matches.</summary>
    /// <param name="requestUri">The request URL.</param>
    /// <returns>The header value.</returns>
    public string? GetCookieHeader(Uri requestUri)
    {
        var cookies = GetCookies(requestUri);
        if (cookies.Count == 0)
        {
            return null;
        }

        var header = new StringBuilder();
        foreach (var cookie in cookies)
        {
            header.Append(header.Length == 0 ? string.Empty : "; ").Append(cookie.Name).Append('=').Append(cookie.Value);
        }

        return header.ToString();
    }

    /// <summary>Sets a cookie from user code, replacing one with the same name, domain and path.</summary>
    /// <param name="cookie">The cookie; a domain with a leading dot is stored without it.</param>
    public void Set(StoredCookie cookie)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        HeaderRules.EnsureCookie(cookie.Name, cookie.Value);
        var normalized = cookie with
        {
            Domain = cookie.Domain.TrimStart('.').ToLowerInvariant(),
            Path = string.IsNullOrEmpty(cookie.Path) ? "/" : cookie.Path,
            Created = cookie.Created == default ? _timeProvider.GetUtcNow() : cookie.Created,
        };
        Store(normalized);
    }

    /// <summary>
    /// Sets a session cookie for a domain and its subdomains (as requests' <c>jar.set(name, value, domain=...)</c>).
    /// Use <see cref="Set(StoredCookie)"/> with <see cref="StoredCookie.HostOnly"/> for a host-only one.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="path">The path.</param>
    public void Set(string name, string value, string domain, string path = "/")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        Set(new StoredCookie(name, value, domain, path));
    }

    /// <summary>Deletes cookies by name, optionally only those of a domain and path.</summary>
    /// <param name="name">The name.</param>
    /// <param name="domain">The domain (without a leading dot); every domain when null.</param>
    /// <param name="path">The path; every path when null.</param>
    /// <returns>The number of cookies removed.</returns>
    public int Delete(string name, string? domain = null, string? path = null)
    {
        var normalizedDomain = domain?.TrimStart('.').ToLowerInvariant();
        int removed;
        lock (_lock)
        {
            removed = _buckets.Delete(name, normalizedDomain, path);
        }

        if (removed > 0)
        {
            OnChanged();
        }

        return removed;
    }

    /// <summary>Removes every cookie.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _buckets.Clear();
        }

        OnChanged();
    }

    /// <summary>Removes every cookie of a domain (not its subdomains).</summary>
    /// <param name="domain">The domain.</param>
    public void Clear(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        bool removed;
        lock (_lock)
        {
            removed = _buckets.Clear(domain.TrimStart('.').ToLowerInvariant());
        }

        if (removed)
        {
            OnChanged();
        }
    }

    /// <summary>Returns a snapshot of every unexpired cookie.</summary>
    /// <returns>The cookies, by domain.</returns>
    public IReadOnlyList<StoredCookie> GetAllCookies()
    {
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            return [.. _buckets.All.Where(c => !(c.Expires <= now)).OrderBy(c => c.Domain, StringComparer.Ordinal).ThenBy(c => c.Created)];
        }
    }

    private void Store(StoredCookie cookie)
    {
        var expired = cookie.Expires <= _timeProvider.GetUtcNow();
        bool changed;
        lock (_lock)
        {
            changed = _buckets.Store(cookie, expired);
        }

        if (changed)
        {
            OnChanged();
        }
    }

    private void OnChanged()
    {
        Interlocked.Increment(ref _version);
        Changed?.Invoke();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Ignored a Set-Cookie from {Host}: {Reason}")]
        public static partial void Rejected(ILogger logger, string host, string reason);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Ignored cookie {Name} from {Host}: {Reason}")]
        public static partial void RejectedNamed(ILogger logger, string name, string host, string reason);
    }
}
