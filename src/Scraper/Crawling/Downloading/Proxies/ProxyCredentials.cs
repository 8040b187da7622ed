using System.Net;

namespace Scraper.Crawling.Downloading.Proxies;

/// <summary>
/// The credentials of a pool's proxies, found by the proxy address SocketsHttpHandler asks with (whatever the
/// authentication scheme the proxy offers). The handler reads <see cref="IWebProxy.Credentials"/> once, when it
/// is built, so this one object answers for every proxy a session may move to.
/// </summary>
internal sealed class ProxyCredentials : ICredentials
{
    private readonly Dictionary<string, NetworkCredential> _byProxy = new(StringComparer.OrdinalIgnoreCase);

    public ProxyCredentials(IEnumerable<ProxyEndpoint> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Credential is { } credential)
            {
                _byProxy[endpoint.Key] = credential;
            }
        }
    }

    public NetworkCredential? GetCredential(Uri uri, string authType) =>
        _byProxy.GetValueOrDefault($"{uri.Host}:{uri.Port}");
}
