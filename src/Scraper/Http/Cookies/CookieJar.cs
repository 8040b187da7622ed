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

    private readonly Dictionary<string, List<StoredCookie>> _byDomain = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly int _maxPerDomain;
    private readonly int _maxTotal;
    private readonly int _maxSize;
    private readonly bool _rejectPublicSuffixes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _count;
    private long _version;

    /// <summary>Creates an empty jar.</summary>
    /// <param name="options">Limits; defaults when null. They are read once, here.</param>
    /// <param name="timeProvider">The clock for expiry; the system clock when null.</param>
    /// <param name="logger">Receives a debug line for each refused Set-Cookie (never its value).</param>
    public CookieJar(CookieJarOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        options ??= new CookieJarOptions();
        _maxPerDomain = options.MaxCookiesPerDomain;
        _maxTotal = options.MaxCookies;
        _maxSize = options.MaxCookieSize;
        _rejectPublicSuffixes = options.RejectPublicSuffixDomains;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets a number that grows with every change to the jar, so a saver can tell whether it has something new.</summary>
    internal long Version => Interlocked.Read(ref _version);

    /// <summary>Gets or sets what is told, outside the jar's lock, after each change (the session's cookie file writer).</summary>
    internal Action? Changed { get; set; }

    /// <summary>Gets the number of cookies held (expired ones included until they are next touched).</summary>
    public int Count => Volatile.Read(ref _count);

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

            if (ToStored(requestUri, parsed, out rejection) is { } cookie)
            {
                Store(cookie, expired: cookie.Expires <= _timeProvider.GetUtcNow());
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
        if (Volatile.Read(ref _count) == 0)
        {
            return None;
        }

        var host = requestUri.IdnHost.ToLowerInvariant();
        var path = string.IsNullOrEmpty(requestUri.AbsolutePath) ? "/" : requestUri.AbsolutePath;
        var secure = requestUri.Scheme == Uri.UriSchemeHttps;
        var now = _timeProvider.GetUtcNow();
        List<StoredCookie>? matches = null;
        lock (_lock)
        {
            // Walk the host and its parent domains: a cookie can only come from one of those buckets.
            for (var domain = host; domain.Length > 0; domain = ParentDomain(domain))
            {
                if (!_byDomain.TryGetValue(domain, out var bucket))
                {
                    continue;
                }

                foreach (var cookie in bucket)
                {
                    if ((cookie.HostOnly && domain.Length != host.Length) || (cookie.Secure && !secure)
                        || cookie.Expires <= now || !PathMatches(path, cookie.Path))
                    {
                        continue;
                    }

                    (matches ??= []).Add(cookie);
                }

                if (IPAddress.TryParse(host, out _))
                {
                    break;
                }
            }
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
        Store(normalized, expired: normalized.Expires <= _timeProvider.GetUtcNow());
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
        var removed = 0;
        lock (_lock)
        {
            foreach (var (key, bucket) in _byDomain)
            {
                if (normalizedDomain is null || key == normalizedDomain)
                {
                    removed += bucket.RemoveAll(c => c.Name == name && (path is null || c.Path == path));
                }
            }

            RemoveEmptyBuckets();
            _count -= removed;
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
            _byDomain.Clear();
            _count = 0;
        }

        OnChanged();
    }

    /// <summary>Removes every cookie of a domain (not its subdomains).</summary>
    /// <param name="domain">The domain.</param>
    public void Clear(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        lock (_lock)
        {
            if (!_byDomain.Remove(domain.TrimStart('.').ToLowerInvariant(), out var bucket))
            {
                return;
            }

            _count -= bucket.Count;
        }

        OnChanged();
    }

    /// <summary>Returns a snapshot of every unexpired cookie.</summary>
    /// <returns>The cookies, by domain.</returns>
    public IReadOnlyList<StoredCookie> GetAllCookies()
    {
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            return [.. _byDomain.Values.SelectMany(b => b).Where(c => !(c.Expires <= now)).OrderBy(c => c.Domain, StringComparer.Ordinal).ThenBy(c => c.Created)];
        }
    }

    /// <summary>Saves the jar to a JSON file, atomically (written aside, then moved over) and readable only by its owner (semantics C10).</summary>
    /// <param name="path">The file; its folder is created when missing.</param>
    /// <param name="cancellationToken">Cancels the write; the old file stays as it was.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) =>
        CookieFile.SaveAsync(path, GetAllCookies(), cancellationToken);

    /// <summary>Writes the jar as JSON to a stream (left open).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is written.</returns>
    public Task SaveAsync(Stream stream, CancellationToken cancellationToken = default) =>
        CookieFile.WriteAsync(stream, GetAllCookies(), cancellationToken);

    /// <summary>Loads cookies saved by <see cref="SaveAsync(string, CancellationToken)"/>; expired ones are skipped. A missing file loads nothing.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the cookies are in the jar.</returns>
    /// <exception cref="InvalidDataException">The file is not a cookie file; the message names it.</exception>
    public async Task LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        Load(await CookieFile.LoadAsync(path, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Loads cookies from a stream written by <see cref="SaveAsync(Stream, CancellationToken)"/>.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the cookies are in the jar.</returns>
    public async Task LoadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        Load(await CookieFile.ReadAsync(stream, "stream", cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Adds cookies a session store kept; expired ones and ones that could not be sent are skipped.</summary>
    internal void Load(IEnumerable<StoredCookie> cookies)
    {
        foreach (var cookie in cookies)
        {
            SetLoaded(cookie);
        }
    }

    /// <summary>A cookie from a file: one that could not be sent (an edited file) is skipped with a log line, not thrown.</summary>
    private void SetLoaded(StoredCookie cookie)
    {
        if (HeaderRules.CookieProblem(cookie.Name, cookie.Value) is { } problem)
        {
            Log.Rejected(_logger, cookie.Domain, problem);
            return;
        }

        Set(cookie);
    }

    /// <summary>Applies the storage model of RFC 6265 §5.3 (and RFC 6265bis for Secure and prefixes).</summary>
    private StoredCookie? ToStored(Uri requestUri, SetCookie parsed, out string? rejection)
    {
        rejection = null;
        var host = requestUri.IdnHost.ToLowerInvariant();
        var secureRequest = requestUri.Scheme == Uri.UriSchemeHttps;
        if (Encoding.UTF8.GetByteCount(parsed.Name) + CookieEncoding.Instance.GetByteCount(parsed.Value) > _maxSize)
        {
            rejection = $"larger than {_maxSize} bytes";
            return null;
        }

        if (parsed.Secure && !secureRequest)
        {
            rejection = "Secure cookie set over http";
            return null;
        }

        var hostOnly = true;
        var domain = host;
        if (parsed.Domain is { } attribute && attribute != host)
        {
            if (IPAddress.TryParse(host, out _))
            {
                rejection = "a Domain attribute on a cookie from an IP address";
                return null;
            }

            if (_rejectPublicSuffixes && PublicSuffixList.Instance.IsPublicSuffix(attribute))
            {
                rejection = $"Domain={attribute} is a public suffix";
                return null;
            }

            if (!host.EndsWith("." + attribute, StringComparison.Ordinal))
            {
                rejection = $"Domain={attribute} does not cover {host}";
                return null;
            }

            hostOnly = false;
            domain = attribute;
        }
        else if (parsed.Domain is not null && !(_rejectPublicSuffixes && PublicSuffixList.Instance.IsPublicSuffix(host) && !IsSingleLabelOrIp(host)))
        {
            // Domain equal to the host: the cookie also covers its subdomains (unless the host is a public suffix itself).
            hostOnly = false;
        }

        var path = parsed.Path ?? DefaultPath(requestUri);
        if (parsed.Name.StartsWith("__Secure-", StringComparison.Ordinal) && !parsed.Secure)
        {
            rejection = "__Secure- prefix without Secure";
            return null;
        }

        if (parsed.Name.StartsWith("__Host-", StringComparison.Ordinal) && (!parsed.Secure || !hostOnly || path != "/"))
        {
            rejection = "__Host- prefix needs Secure, no Domain and Path=/";
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        DateTimeOffset? expires = parsed.MaxAge switch
        {
            // Max-Age wins over Expires whatever their order (C4); zero or less deletes (C5).
            <= 0 => DateTimeOffset.MinValue,
            { } seconds => seconds >= (long)(DateTimeOffset.MaxValue - now).TotalSeconds ? DateTimeOffset.MaxValue : now.AddSeconds(seconds),
            null => parsed.Expires,
        };

        return new StoredCookie(parsed.Name, parsed.Value, domain, path)
        {
            Expires = expires,
            Secure = parsed.Secure,
            HttpOnly = parsed.HttpOnly,
            SameSite = parsed.SameSite,
            HostOnly = hostOnly,
            Created = now,
        };
    }

    private void Store(StoredCookie cookie, bool expired)
    {
        if (StoreLocked(cookie, expired))
        {
            OnChanged();
        }
    }

    /// <summary>Stores or removes the cookie; false when nothing changed (an expired cookie the jar did not hold).</summary>
    private bool StoreLocked(StoredCookie cookie, bool expired)
    {
        lock (_lock)
        {
            if (!_byDomain.TryGetValue(cookie.Domain, out var bucket))
            {
                if (expired)
                {
                    return false;
                }

                bucket = [];
                _byDomain[cookie.Domain] = bucket;
            }

            // RFC 6265 §5.3 step 11: the same name, domain and path is the same cookie.
            var existing = bucket.FindIndex(c => c.Name == cookie.Name && c.Path == cookie.Path);
            if (existing >= 0)
            {
                var created = bucket[existing].Created;
                bucket.RemoveAt(existing);
                _count--;
                cookie = cookie with { Created = created };
            }

            if (expired)
            {
                RemoveEmptyBuckets();
                return existing >= 0;
            }

            bucket.Add(cookie);
            _count++;
            EvictOverLimits(bucket);
            return true;
        }
    }

    private void OnChanged()
    {
        Interlocked.Increment(ref _version);
        Changed?.Invoke();
    }

    /// <summary>Past a limit (C7): expired cookies go first, then the oldest of the domain or of the whole jar.</summary>
    private void EvictOverLimits(List<StoredCookie> bucket)
    {
        var now = _timeProvider.GetUtcNow();
        if (bucket.Count > _maxPerDomain)
        {
            _count -= bucket.RemoveAll(c => c.Expires <= now);
            while (bucket.Count > _maxPerDomain)
            {
                bucket.RemoveAt(OldestIndex(bucket));
                _count--;
            }
        }

        if (_count > _maxTotal)
        {
            foreach (var list in _byDomain.Values)
            {
                _count -= list.RemoveAll(c => c.Expires <= now);
            }

            while (_count > _maxTotal)
            {
                var oldest = _byDomain.Values.Where(l => l.Count > 0).MinBy(l => l[OldestIndex(l)].Created)!;
                oldest.RemoveAt(OldestIndex(oldest));
                _count--;
            }

            RemoveEmptyBuckets();
        }
    }

    private static int OldestIndex(List<StoredCookie> bucket)
    {
        var oldest = 0;
        for (var i = 1; i < bucket.Count; i++)
        {
            if (bucket[i].Created < bucket[oldest].Created)
            {
                oldest = i;
            }
        }

        return oldest;
    }

    private void RemoveEmptyBuckets()
    {
        foreach (var key in _byDomain.Where(b => b.Value.Count == 0).Select(b => b.Key).ToList())
        {
            _byDomain.Remove(key);
        }
    }

    /// <summary>The default path of RFC 6265 §5.1.4: the request path up to, not including, its last slash.</summary>
    internal static string DefaultPath(Uri requestUri)
    {
        var path = requestUri.AbsolutePath;
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return "/";
        }

        var last = path.LastIndexOf('/');
        return last == 0 ? "/" : path[..last];
    }

    /// <summary>Path-match of RFC 6265 §5.1.4: equal, or a prefix ending at a <c>/</c> boundary.</summary>
    internal static bool PathMatches(string requestPath, string cookiePath) =>
        requestPath.StartsWith(cookiePath, StringComparison.Ordinal)
        && (requestPath.Length == cookiePath.Length || cookiePath.EndsWith('/') || requestPath[cookiePath.Length] == '/');

    private static string ParentDomain(string domain)
    {
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? string.Empty : domain[(dot + 1)..];
    }

    private static bool IsSingleLabelOrIp(string host) => !host.Contains('.', StringComparison.Ordinal) || IPAddress.TryParse(host, out _);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Ignored a Set-Cookie from {Host}: {Reason}")]
        public static partial void Rejected(ILogger logger, string host, string reason);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Ignored cookie {Name} from {Host}: {Reason}")]
        public static partial void RejectedNamed(ILogger logger, string name, string host, string reason);
    }
}
