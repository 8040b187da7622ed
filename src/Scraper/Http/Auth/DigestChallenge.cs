namespace Scraper.Http.Auth;

/// <summary>
/// One <c>WWW-Authenticate: Digest</c> challenge (RFC 7616 §3.3), with the nonce count of its nonce: the requests
/// that reuse the nonce count up from 1, so a challenge costs one round trip, not one per request.
/// </summary>
internal sealed class DigestChallenge
{
    private long _nonceCount;

    private DigestChallenge(string realm, string nonce, string? opaque, string? qop, DigestAlgorithm algorithm, bool stale)
    {
        Realm = realm;
        Nonce = nonce;
        Opaque = opaque;
        Qop = qop;
        Algorithm = algorithm;
        Stale = stale;
    }

    public string Realm { get; }

    public string Nonce { get; }

    public string? Opaque { get; }

    /// <summary>Gets the quality of protection chosen: <c>auth</c> when offered, else <c>auth-int</c>, else none (RFC 2069).</summary>
    public string? Qop { get; }

    public DigestAlgorithm Algorithm { get; }

    /// <summary>Gets a value indicating whether the server said the last nonce was stale (the password was right).</summary>
    public bool Stale { get; }

    /// <summary>The next nonce count, thread-safe: concurrent requests never share one.</summary>
    public long NextNonceCount() => Interlocked.Increment(ref _nonceCount);

    /// <summary>
    /// Reads the first Digest challenge among WWW-Authenticate values. Null, with the reason, when there is none,
    /// when it names an algorithm or qop this client does not speak, or when a value it would copy into the
    /// Authorization header could inject into it (H3: a server's value is checked like a caller's).
    /// </summary>
    public static DigestChallenge? Parse(IEnumerable<string> headerValues, out string? problem)
    {
        problem = null;
        foreach (var header in headerValues)
        {
            if (AuthParameters.FindScheme(header, "Digest") is not { } parameters)
            {
                continue;
            }

            parameters.TryGetValue("realm", out var realm);
            if (!parameters.TryGetValue("nonce", out var nonce) || string.IsNullOrEmpty(nonce))
            {
                problem = "a Digest challenge without a nonce";
                return null;
            }

            parameters.TryGetValue("opaque", out var opaque);
            var algorithmName = parameters.TryGetValue("algorithm", out var a) ? a : "MD5";
            if (DigestAlgorithm.Find(algorithmName) is not { } algorithm)
            {
                problem = "a Digest challenge with an unsupported algorithm";
                return null;
            }

            string? qop = null;
            if (parameters.TryGetValue("qop", out var offered))
            {
                var options = offered.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                qop = options.Contains("auth", StringComparer.OrdinalIgnoreCase) ? "auth"
                    : options.Contains("auth-int", StringComparer.OrdinalIgnoreCase) ? "auth-int" : null;
                if (qop is null)
                {
                    problem = "a Digest challenge with an unsupported qop";
                    return null;
                }
            }

            foreach (var value in new[] { realm, nonce, opaque })
            {
                if (value is not null && (HeaderRules.ValueProblem("Authorization", value) is not null || value.Contains('"', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal)))
                {
                    problem = "a Digest challenge whose realm, nonce or opaque cannot be sent back safely";
                    return null;
                }
            }

            var stale = parameters.TryGetValue("stale", out var s) && s.Equals("true", StringComparison.OrdinalIgnoreCase);
            return new DigestChallenge(realm ?? string.Empty, nonce, opaque, qop, algorithm, stale);
        }

        return null;
    }
}
