using System.Net;

namespace Scraper.Http;

/// <summary>Where a session's requests go through (semantics N5).</summary>
public sealed class ProxyOptions
{
    /// <summary>
    /// Gets or sets the proxy's address. User info in it (<c>http://user:pw@host:3128</c>) becomes the proxy
    /// credentials, which .NET would otherwise silently ignore.
    /// </summary>
    /// <value>The default value is null: the environment decides (see <see cref="UseEnvironment"/>).</value>
    public Uri? Address { get; set; }

    /// <summary>Gets or sets the proxy credentials; they win over user info in <see cref="Address"/>.</summary>
    /// <value>The default value is null.</value>
    public NetworkCredential? Credentials { get; set; }

    /// <summary>Gets the hosts reached directly, without the proxy (as in NO_PROXY: <c>example.com</c>, <c>.internal</c>).</summary>
    public IList<string> Bypass { get; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY are used when no
    /// <see cref="Address"/> is set.
    /// </summary>
    /// <value>The default value is true, as in requests.</value>
    public bool UseEnvironment { get; set; } = true;

    /// <summary>
    /// Gets or sets a proxy chosen per request that wins over everything else here: the crawl's rotating proxy
    /// of a spider session (Scraper:Proxies).
    /// </summary>
    internal IWebProxy? Rotating { get; set; }

    internal void CopyTo(ProxyOptions target)
    {
        target.Rotating = Rotating;
        target.Address = Address;
        target.Credentials = Credentials;
        target.UseEnvironment = UseEnvironment;
        target.Bypass.Clear();
        foreach (var host in Bypass)
        {
            target.Bypass.Add(host);
        }
    }
}
