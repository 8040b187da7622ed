using System.Net;

namespace Scraper.Crawling.Downloading.Proxies;

/// <summary>
/// The proxy of one spider session, given to its <see cref="SocketsHttpHandler"/> once. The handler's proxy is
/// fixed after the first request, but it asks <see cref="GetProxy"/> on every request, keeps a connection pool
/// per proxy address, and looks the credentials up by proxy address: so moving the session to another proxy is
/// changing <see cref="Current"/>, and its cookies, headers and handler stay as they are.
/// </summary>
internal sealed class SessionProxy : IWebProxy
{
    private readonly ProxyPool _pool;
    private ProxyEndpoint? _current;

    public SessionProxy(string sessionName, ProxyPool pool)
    {
        SessionName = sessionName;
        _pool = pool;
    }

    public string SessionName { get; }

    /// <summary>
    /// Gets or sets the proxy the session's requests go through now; the pool sets it under its lock. A session
    /// is given its proxy on first use, so sessions a spider declares but never uses take no share of the proxies.
    /// </summary>
    public ProxyEndpoint Current
    {
        get => Volatile.Read(ref _current) ?? _pool.Assign(this);
        set => Volatile.Write(ref _current, value);
    }

    /// <summary>Gets the proxy, or null before first use.</summary>
    public ProxyEndpoint? Assigned => Volatile.Read(ref _current);

    /// <summary>Gets the credentials of every proxy of the pool, by proxy address; setting them is not supported.</summary>
    public ICredentials? Credentials
    {
        get => _pool.Credentials;
        set => throw new NotSupportedException("The credentials of a rotating proxy come from its configured URLs.");
    }

    // Never throws and never returns null: SocketsHttpHandler treats either as "connect directly", which would
    // show the crawler's own address to the site. A session whose proxies are all retired keeps the last one;
    // the proxy middleware stops its requests before they are sent.
    public Uri GetProxy(Uri destination) => Current.Address;

    public bool IsBypassed(Uri host) => false;
}
