using System.Net.Http.Headers;
using System.Text;
using Scraper.Http.Auth;

namespace Scraper.Http;

/// <summary>
/// Credentials sent in the Authorization header of every request a session makes to the origin they were
/// given for (semantics A1, A2). The secret never appears in <see cref="ToString"/> or in logs. A scheme or
/// token that could not be sent in a header (CR, LF, NUL, other controls, non-Latin-1) is refused here (H3).
/// </summary>
public sealed class SessionAuth
{
    private readonly string _parameter;

    private SessionAuth(string scheme, string parameter, DigestCredentials? digest = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        ArgumentNullException.ThrowIfNull(parameter);
        if ((HeaderRules.NameProblem(scheme) ?? HeaderRules.ValueProblem("Authorization", parameter)) is { } problem)
        {
            throw new InvalidHeaderException("Authorization", problem);
        }

        Scheme = scheme;
        _parameter = parameter;
        DigestCredentials = digest;
    }

    /// <summary>Gets the authorization scheme, for example <c>Basic</c> or <c>Bearer</c>.</summary>
    public string Scheme { get; }

    /// <summary>HTTP Basic authentication (RFC 7617), user and password encoded as UTF-8.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">The password.</param>
    /// <returns>The credentials.</returns>
    public static SessionAuth Basic(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        return new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password)));
    }

    /// <summary>A bearer token (RFC 6750), for example one returned by a JSON login endpoint.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The credentials.</returns>
    public static SessionAuth Bearer(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new("Bearer", token);
    }

    /// <summary>
    /// HTTP Digest authentication (RFC 7616: MD5, MD5-sess, SHA-256, SHA-256-sess; qop auth and auth-int), as
    /// requests' <c>HTTPDigestAuth</c>. The first request to an origin costs one extra round trip for the challenge;
    /// later ones are authorised from it (nonce count incremented); a stale nonce is retried once; a wrong password
    /// returns the 401.
    /// </summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">The password.</param>
    /// <returns>The credentials; keep one instance per session, it holds the challenges of each origin.</returns>
    /// <exception cref="InvalidHeaderException">The user name holds a control character or a character outside Latin-1.</exception>
    public static SessionAuth Digest(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        return new("Digest", userName, new DigestCredentials(userName, password));
    }

    /// <summary>Any other scheme: the header is <c>Authorization: {scheme} {parameter}</c>.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="parameter">The credentials part.</param>
    /// <returns>The credentials.</returns>
    public static SessionAuth Custom(string scheme, string parameter) => new(scheme, parameter);

    /// <summary>Reads <c>user:password@</c> from a URL, as requests does when no auth is given.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>Basic credentials, or null when the URL has no user info.</returns>
    public static SessionAuth? FromUserInfo(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || string.IsNullOrEmpty(url.UserInfo))
        {
            return null;
        }

        var separator = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(separator < 0 ? url.UserInfo : url.UserInfo[..separator]);
        var password = separator < 0 ? string.Empty : Uri.UnescapeDataString(url.UserInfo[(separator + 1)..]);
        return Basic(user, password);
    }

    /// <summary>Builds the header value.</summary>
    /// <returns>The Authorization header value.</returns>
    /// <exception cref="InvalidOperationException">Digest credentials: their header depends on the server's challenge and the request.</exception>
    public AuthenticationHeaderValue ToHeaderValue() => DigestCredentials is null
        ? new(Scheme, _parameter)
        : throw new InvalidOperationException("A Digest Authorization header depends on the server's challenge and the request; the session builds it.");

    /// <summary>Gets the Digest state when these are Digest credentials.</summary>
    internal DigestCredentials? DigestCredentials { get; }

    /// <summary>The header for one request: fixed for Basic, Bearer and custom; from the origin's last challenge for Digest.</summary>
    internal AuthenticationHeaderValue? HeaderFor(HttpMethod method, Uri url, RequestContent? content) =>
        DigestCredentials is { } digest ? digest.Authorize(method, url, content) : new(Scheme, _parameter);

    /// <summary>Returns the scheme only: the credentials are a secret.</summary>
    /// <returns>For example <c>Bearer ***</c>.</returns>
    public override string ToString() => Scheme + " ***";
}
