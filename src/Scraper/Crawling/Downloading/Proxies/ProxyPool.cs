using Microsoft.Extensions.Logging;
using Scraper.Crawling.Stats;

namespace Scraper.Crawling.Downloading.Proxies;

/// <summary>
/// The proxies of one crawl and which session goes through which (Crawlee's SessionPool, with the proxy as the
/// part of a session's identity that gets blocked). A session is given the free proxy with the fewest sessions
/// and keeps it; a proxy with <see cref="ProxyRotationOptions.MaxFailures"/> failures in a row is retired and
/// each of its sessions moves the same way. Counted: <c>proxy/retired</c>, <c>proxy/moved</c>,
/// <c>proxy/blocked</c> (block statuses), <c>proxy/failed</c> (connection errors and timeouts).
/// </summary>
internal sealed class ProxyPool
{
    private readonly Lock _lock = new();
    private readonly ProxyEndpoint[] _endpoints;
    private readonly Dictionary<string, SessionProxy> _sessions = new(StringComparer.Ordinal);
    private readonly ProxyRotationOptions _options;
    private readonly CrawlStats _stats;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _exhaustedLogged;

    public ProxyPool(ProxyRotationOptions options, CrawlStats stats, TimeProvider timeProvider, ILogger logger)
    {
        _endpoints = [.. options.Urls.Select(static url => ProxyEndpoint.TryParse(url, out var endpoint, out var problem)
            ? endpoint
            : throw new ArgumentException($"A proxy URL {problem}", nameof(options)))];
        if (_endpoints.Length == 0)
        {
            throw new ArgumentException("No proxy is configured.", nameof(options));
        }

        _options = options;
        _stats = stats;
        _time = timeProvider;
        _logger = logger;
        Credentials = new ProxyCredentials(_endpoints);
    }

    /// <summary>Gets the credentials of every proxy, shared by the sessions' proxies.</summary>
    public ProxyCredentials Credentials { get; }

    /// <summary>Gets the number of configured proxies.</summary>
    public int Count => _endpoints.Length;

    /// <summary>
    /// Gives a session its rotating proxy, before its handler is built (the handler's proxy is fixed after that).
    /// The session is given an actual proxy on first use (<see cref="Assign"/>).
    /// </summary>
    public SessionProxy Attach(string sessionName)
    {
        lock (_lock)
        {
            var proxy = new SessionProxy(sessionName, this);
            _sessions.Add(sessionName, proxy);
            return proxy;
        }
    }

    /// <summary>Gives a session on its first use the live proxy with the fewest sessions (a retired one when none is live).</summary>
    public ProxyEndpoint Assign(SessionProxy proxy)
    {
        lock (_lock)
        {
            if (proxy.Assigned is { } assigned)
            {
                return assigned;
            }

            var endpoint = LeastLoaded(_time.GetUtcNow(), except: null) ?? _endpoints[0];
            endpoint.Sessions++;
            proxy.Current = endpoint;
            ProxyLog.Assigned(_logger, _stats.Spider, proxy.SessionName, endpoint.Display);
            return endpoint;
        }
    }

    /// <summary>Gets a session's proxy, or null when the session was not given one.</summary>
    public SessionProxy? For(string sessionName)
    {
        lock (_lock)
        {
            return _sessions.GetValueOrDefault(sessionName);
        }
    }

    /// <summary>Gets the <c>host:port</c> of the proxy a session goes through now, for its politeness slot key.</summary>
    public string? KeyOf(string sessionName) => For(sessionName)?.Current.Key;

    /// <summary>Tells whether a status counts against the proxy: a block status, or 407 (the proxy refused the credentials).</summary>
    public bool IsFailureStatus(int status) => status == 407 || _options.BlockStatusCodes.Contains(status);

    /// <summary>
    /// Gets the live proxy a session's next request goes through, moving the session when its proxy is retired.
    /// Null when every proxy is retired: <paramref name="wait"/> is then how long until the first one is back, or
    /// null when none ever is (the first time, that is logged).
    /// </summary>
    public ProxyEndpoint? Ready(SessionProxy proxy, out TimeSpan? wait)
    {
        wait = null;
        var current = proxy.Current;
        var now = _time.GetUtcNow();
        if (!current.IsRetiredAt(now) && current.RetiredUntil == default)
        {
            return current;
        }

        lock (_lock)
        {
            current = proxy.Assigned!;
            if (!current.IsRetiredAt(now))
            {
                Revive(current);
                return current;
            }

            if (Move(proxy, now) is { } moved)
            {
                return moved;
            }

            var back = _endpoints.Min(static endpoint => endpoint.RetiredUntil);
            if (back != DateTimeOffset.MaxValue)
            {
                wait = back - now;
            }
            else if (!_exhaustedLogged)
            {
                _exhaustedLogged = true;
                ProxyLog.Exhausted(_logger, _stats.Spider);
            }

            return null;
        }
    }

    /// <summary>An answer came through the proxy that was not a failure: its failures in a row start again.</summary>
    public void Succeeded(ProxyEndpoint used)
    {
        if (used.FailuresInRow == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (!used.IsRetiredAt(_time.GetUtcNow()))
            {
                used.FailuresInRow = 0;
            }
        }
    }

    /// <summary>
    /// A request through the proxy failed (a connection error, a timeout, a block status): counted, and at
    /// <see cref="ProxyRotationOptions.MaxFailures"/> in a row the proxy is retired and its sessions move.
    /// </summary>
    /// <param name="used">The proxy the request went through.</param>
    /// <param name="reason">What failed, for the log (a status or an exception's type name).</param>
    /// <param name="blocked">Whether the site answered with a block status (rather than the proxy failing).</param>
    public void Failed(ProxyEndpoint used, string reason, bool blocked)
    {
        _stats.Count(blocked ? "proxy/blocked" : "proxy/failed");
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (used.IsRetiredAt(now))
            {
                // A request that was in flight when the proxy was retired: already counted against it.
                return;
            }

            used.FailuresInRow++;
            if (used.FailuresInRow < _options.MaxFailures)
            {
                return;
            }

            used.RetiredUntil = _options.CoolDown > TimeSpan.Zero ? now + _options.CoolDown : DateTimeOffset.MaxValue;
            _stats.Count("proxy/retired");
            ProxyLog.Retired(_logger, _stats.Spider, used.Display, used.FailuresInRow, reason, _endpoints.Count(endpoint => !endpoint.IsRetiredAt(now)), _endpoints.Length);
            foreach (var proxy in _sessions.Values)
            {
                if (ReferenceEquals(proxy.Assigned, used))
                {
                    Move(proxy, now);
                }
            }
        }
    }

    /// <summary>Moves a session to the live proxy with the fewest sessions; null (and no move) when none is live.</summary>
    private ProxyEndpoint? Move(SessionProxy proxy, DateTimeOffset now)
    {
        var from = proxy.Assigned!;
        if (LeastLoaded(now, except: from) is not { } to)
        {
            return null;
        }

        Revive(to);
        from.Sessions--;
        to.Sessions++;
        proxy.Current = to;
        _stats.Count("proxy/moved");
        ProxyLog.Moved(_logger, _stats.Spider, proxy.SessionName, from.Display, to.Display);
        return to;
    }

    private ProxyEndpoint? LeastLoaded(DateTimeOffset now, ProxyEndpoint? except)
    {
        ProxyEndpoint? best = null;
        foreach (var endpoint in _endpoints)
        {
            // In list order, so that sessions spread over the proxies as they are listed.
            if (!ReferenceEquals(endpoint, except) && !endpoint.IsRetiredAt(now) && (best is null || endpoint.Sessions < best.Sessions))
            {
                best = endpoint;
            }
        }

        return best;
    }

    /// <summary>A proxy whose cool-down has passed starts again with a clean record.</summary>
    private void Revive(ProxyEndpoint endpoint)
    {
        if (endpoint.RetiredUntil != default)
        {
            endpoint.RetiredUntil = default;
            endpoint.FailuresInRow = 0;
            ProxyLog.Back(_logger, _stats.Spider, endpoint.Display);
        }
    }
}
