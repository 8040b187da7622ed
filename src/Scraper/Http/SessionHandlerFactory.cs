using System.Net;
using System.Net.Security;
using System.Text;
using Microsoft.Extensions.Logging;
using Scraper.Http.Cookies;

namespace Scraper.Http;

/// <summary>
/// Builds the one <see cref="SocketsHttpHandler"/> a session owns (semantics N1, N5, N7). Redirects and cookies
/// are off in the handler because the session does both itself: .NET's versions leak headers across hosts and
/// mishandle several cookie cases (R1–R5, C2–C7).
/// </summary>
internal static class SessionHandlerFactory
{
    public static SocketsHttpHandler Create(SessionOptions options, ILogger logger)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = options.ConnectionPool.PooledConnectionLifetime,
            PooledConnectionIdleTimeout = options.ConnectionPool.PooledConnectionIdleTimeout,
            MaxConnectionsPerServer = options.ConnectionPool.MaxConnectionsPerServer,
            ConnectTimeout = options.ConnectionPool.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            // HttpClient's own activities nest under the crawl's traces, but no traceparent, tracestate or baggage
            // header goes to the sites crawled: the trace is the operator's, not something to show every server.
            ActivityHeadersPropagator = System.Diagnostics.DistributedContextPropagator.CreateNoOutputPropagator(),
            // One attempt, one request on the wire: no silent resend on a fresh connection that closes unanswered.
            PlaintextStreamFilter = UnansweredConnectionGuard.FilterAsync,
            // Cookie octets round-trip whatever they are (C6, C11): UTF-8 text as text, other bytes escaped one by one.
            // Other header values go out as Latin-1 (H4), as requests and browsers send them; HeaderRules refused
            // anything that does not fit when it was set. .NET's default (ASCII only) failed them as a connection error.
            RequestHeaderEncodingSelector = static (name, _) => IsCookieHeader(name) ? CookieEncoding.Instance : Encoding.Latin1,
            ResponseHeaderEncodingSelector = static (name, _) => IsCookieHeader(name) ? CookieEncoding.Instance : null,
        };

        ConfigureProxy(handler, options.Proxy);
        ConfigureTls(handler, options, logger);
        return handler;
    }

    private static bool IsCookieHeader(string name) =>
        name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase);

    private static void ConfigureProxy(SocketsHttpHandler handler, ProxyOptions proxy)
    {
        if (proxy.Rotating is { } rotating)
        {
            handler.UseProxy = true;
            handler.Proxy = rotating;
            return;
        }

        if (proxy.Address is null)
        {
            // null Proxy with UseProxy = true means HttpClient.DefaultProxy: HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY.
            handler.UseProxy = proxy.UseEnvironment;
            return;
        }

        var webProxy = new WebProxy(StripUserInfo(proxy.Address))
        {
            BypassProxyOnLocal = false,
            BypassList = [.. proxy.Bypass.Select(ToBypassPattern)],
            // WebProxy ignores user info in its address (N5): credentials must be set explicitly.
            Credentials = proxy.Credentials ?? CredentialsFromUserInfo(proxy.Address),
        };
        handler.UseProxy = true;
        handler.Proxy = webProxy;
    }

    private static void ConfigureTls(SocketsHttpHandler handler, SessionOptions options, ILogger logger)
    {
        var tls = options.Tls;
        handler.SslOptions = new SslClientAuthenticationOptions();
        if (tls.ClientCertificates.Count > 0)
        {
            handler.SslOptions.ClientCertificates = tls.ClientCertificates;
        }

        if (tls.ServerCertificateValidation is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }
        else if (!tls.VerifyCertificates)
        {
            SessionLog.TlsVerificationOff(logger, options.Name);
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
    }

    private static Uri StripUserInfo(Uri address) =>
        string.IsNullOrEmpty(address.UserInfo) ? address : new UriBuilder(address) { UserName = string.Empty, Password = string.Empty }.Uri;

    /// <summary>The credentials in a URL's user info (<c>user:password@</c>, percent-decoded), or null without any.</summary>
    internal static NetworkCredential? CredentialsFromUserInfo(Uri address)
    {
        if (string.IsNullOrEmpty(address.UserInfo))
        {
            return null;
        }

        var separator = address.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return separator < 0
            ? new NetworkCredential(Uri.UnescapeDataString(address.UserInfo), string.Empty)
            : new NetworkCredential(
                Uri.UnescapeDataString(address.UserInfo[..separator]),
                Uri.UnescapeDataString(address.UserInfo[(separator + 1)..]));
    }

    /// <summary>Turns a NO_PROXY-style host (<c>example.com</c>, <c>.internal</c>) into WebProxy's regex form.</summary>
    private static string ToBypassPattern(string host)
    {
        var trimmed = host.Trim().TrimStart('*').TrimStart('.');
        // WebProxy matches the pattern against "scheme://host[:port]".
        return @"^(?:[a-z]+://)?(?:[^/]*\.)?" + System.Text.RegularExpressions.Regex.Escape(trimmed) + @"(?::\d+)?$";
    }
}
