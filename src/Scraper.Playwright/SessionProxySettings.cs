using System.Net;
using Microsoft.Playwright;
using Scraper.Http;

namespace Scraper.Playwright;

/// <summary>
/// The proxy a session's requests go through (its <see cref="SessionOptions.Proxy"/>, or the crawl's rotating
/// proxy it is on now), as a browser context takes it: a context's proxy is fixed when it is created, so two
/// settings are compared to tell when a session needs a new context.
/// </summary>
internal sealed record SessionProxySettings(string Server, string? Bypass, string? Username, string? Password)
{
    // Any URL: the rotating proxy of a session does not depend on the destination.
    private static readonly Uri Probe = new("http://proxy.probe/");

    public static SessionProxySettings? For(Session session)
    {
        var options = session.Options.Proxy;
        if (options.Rotating is { } rotating)
        {
            var address = rotating.GetProxy(Probe);
            return address is null ? null : Create(address, rotating.Credentials?.GetCredential(address, "Basic"), bypass: null);
        }

        return options.Address is { } configured
            ? Create(configured, options.Credentials, options.Bypass.Count == 0 ? null : string.Join(',', options.Bypass))
            : null;
    }

    public Proxy ToPlaywright() => new() { Server = Server, Bypass = Bypass, Username = Username, Password = Password };

    /// <summary>Never shows the password.</summary>
    public override string ToString() => Username is null ? Server : $"{Server} (as {Username})";

    private static SessionProxySettings Create(Uri address, NetworkCredential? credentials, string? bypass)
    {
        // User info in the address is the credentials when none are given, as for the session's own requests.
        if (credentials is null && address.UserInfo.Length > 0)
        {
            var parts = address.UserInfo.Split(':', 2);
            credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }

        var server = address.GetComponents(UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.UriEscaped);
        return new SessionProxySettings(server, bypass, credentials?.UserName, credentials?.Password);
    }
}
