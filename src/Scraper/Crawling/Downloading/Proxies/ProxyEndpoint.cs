using System.Diagnostics.CodeAnalysis;
using System.Net;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.Proxies;

/// <summary>
/// One configured proxy: its address without user info, its credentials, and its health (Crawlee's error score,
/// counted here as failures in a row). The pool changes the health under its own lock.
/// </summary>
internal sealed class ProxyEndpoint
{
    private static readonly string[] Schemes = ["http", "https", "socks4", "socks4a", "socks5"];

    private int _failuresInRow;
    private long _retiredUntilTicks;

    private ProxyEndpoint(Uri address, NetworkCredential? credential)
    {
        Address = address;
        Credential = credential;
        Key = $"{address.Host}:{address.Port}";
        Display = $"{address.Scheme}://{Key}";
    }

    /// <summary>Gets the address the handler connects to: scheme, host and port, no user info.</summary>
    public Uri Address { get; }

    /// <summary>Gets the credentials from the configured user info, if any.</summary>
    public NetworkCredential? Credential { get; }

    /// <summary>Gets <c>host:port</c>: the proxy's part of a politeness slot key.</summary>
    public string Key { get; }

    /// <summary>Gets <c>scheme://host:port</c>, what logs show.</summary>
    public string Display { get; }

    /// <summary>Gets or sets the failures in a row through this proxy (read without the pool's lock on the hot path).</summary>
    public int FailuresInRow
    {
        get => Volatile.Read(ref _failuresInRow);
        set => Volatile.Write(ref _failuresInRow, value);
    }

    /// <summary>Gets or sets until when the proxy is retired: <see cref="DateTimeOffset.MaxValue"/> for the crawl, default when live.</summary>
    public DateTimeOffset RetiredUntil
    {
        // Ticks, so that a read without the lock is never torn.
        get => Volatile.Read(ref _retiredUntilTicks) switch
        {
            0 => default,
            long.MaxValue => DateTimeOffset.MaxValue,
            var ticks => new DateTimeOffset(ticks, TimeSpan.Zero),
        };
        set => Volatile.Write(ref _retiredUntilTicks, value == default ? 0 : value == DateTimeOffset.MaxValue ? long.MaxValue : value.UtcTicks);
    }

    /// <summary>Gets or sets how many sessions go through this proxy now (changed under the pool's lock).</summary>
    public int Sessions { get; set; }

    public bool IsRetiredAt(DateTimeOffset now) => RetiredUntil > now;

    public override string ToString() => Display;

    /// <summary>Reads <c>scheme://[user[:password]@]host[:port]</c>; the problem, when it fails, never holds the password.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ProxyEndpoint? endpoint, [NotNullWhen(false)] out string? problem)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url))
        {
            problem = "must be an absolute proxy URL such as http://user:password@host:port.";
            return false;
        }

        var shown = $"{url.Scheme}://{url.Host}:{url.Port}";
        if (!Schemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            problem = $"({shown}) must use one of the schemes {string.Join(", ", Schemes)}.";
            return false;
        }

        if (url.AbsolutePath != "/" || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            problem = $"({shown}) must name a proxy only (scheme, user info, host, port), not a path or query.";
            return false;
        }

        // The credentials become a Proxy-Authorization header: nothing in them may add a header (H3).
        if (Uri.UnescapeDataString(url.UserInfo).AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            problem = $"({shown}) has a control character in its user info.";
            return false;
        }

        problem = null;
        endpoint = new ProxyEndpoint(new Uri(shown + "/"), SessionHandlerFactory.CredentialsFromUserInfo(url));
        return true;
    }
}
