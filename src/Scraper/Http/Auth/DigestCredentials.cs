using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Scraper.Http.Auth;

/// <summary>
/// HTTP Digest authentication (RFC 7616, semantics A4). The last challenge of each origin is kept, so after the
/// first 401 the next requests to that origin are authorised pre-emptively with the nonce count incremented: one
/// extra round trip per new nonce, not per request. Credentials never go to another origin: the session drops the
/// whole <see cref="SessionAuth"/> on a cross-origin redirect (A2), and a challenge is only answered for its origin.
/// </summary>
internal sealed class DigestCredentials
{
    private readonly string _userName;
    private readonly string _password;
    private readonly Func<string> _newClientNonce;
    private readonly ConcurrentDictionary<string, DigestChallenge> _challengeByOrigin = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="userName">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="newClientNonce">Makes each request's cnonce; random when null (tests pass RFC 7616's example).</param>
    public DigestCredentials(string userName, string password, Func<string>? newClientNonce = null)
    {
        _userName = userName;
        _password = password;
        _newClientNonce = newClientNonce ?? (static () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    }

    /// <summary>The Authorization header for a request, from the origin's last challenge; null before the first one.</summary>
    public AuthenticationHeaderValue? Authorize(HttpMethod method, Uri url, RequestContent? content)
    {
        if (!_challengeByOrigin.TryGetValue(Origin(url), out var challenge))
        {
            return null;
        }

        var algorithm = challenge.Algorithm;
        var uri = url.PathAndQuery;
        var cnonce = _newClientNonce();
        var nc = challenge.NextNonceCount().ToString("x8", CultureInfo.InvariantCulture);
        var ha1 = algorithm.Hash($"{_userName}:{challenge.Realm}:{_password}");
        if (algorithm.IsSession)
        {
            ha1 = algorithm.Hash($"{ha1}:{challenge.Nonce}:{cnonce}");
        }

        var ha2 = challenge.Qop == "auth-int"
            ? algorithm.Hash($"{method.Method}:{uri}:{algorithm.Hash(content?.Bytes.ToArray() ?? [])}")
            : algorithm.Hash($"{method.Method}:{uri}");
        var response = challenge.Qop is null
            ? algorithm.Hash($"{ha1}:{challenge.Nonce}:{ha2}")
            : algorithm.Hash($"{ha1}:{challenge.Nonce}:{nc}:{cnonce}:{challenge.Qop}:{ha2}");

        var header = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"username=\"{Quote(_userName)}\", realm=\"{challenge.Realm}\", nonce=\"{challenge.Nonce}\", uri=\"{Quote(uri)}\", ")
            .Append(CultureInfo.InvariantCulture, $"algorithm={algorithm.Name}, response=\"{response}\"");
        if (challenge.Qop is not null)
        {
            header.Append(CultureInfo.InvariantCulture, $", qop={challenge.Qop}, nc={nc}, cnonce=\"{cnonce}\"");
        }

        if (challenge.Opaque is not null)
        {
            header.Append(CultureInfo.InvariantCulture, $", opaque=\"{challenge.Opaque}\"");
        }

        return new AuthenticationHeaderValue("Digest", header.ToString());
    }

    /// <summary>
    /// Reads the challenge of a 401 and keeps it for the origin. True when the request should be sent again with
    /// it; <paramref name="problem"/> says why a challenge present was not usable.
    /// </summary>
    public bool Accept(HttpResponseMessage response, Uri url, out string? problem)
    {
        problem = null;
        if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized
            || !response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values)
            || DigestChallenge.Parse(values, out problem) is not { } challenge)
        {
            return false;
        }

        _challengeByOrigin[Origin(url)] = challenge;
        return true;
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
