namespace Scraper.Http;

/// <summary>What kind of network failure a <see cref="SessionConnectionException"/> reports.</summary>
public enum ConnectionFailure
{
    /// <summary>Another transport error.</summary>
    Other,

    /// <summary>The host name could not be resolved (DNS).</summary>
    NameResolution,

    /// <summary>The server refused the connection.</summary>
    ConnectionRefused,

    /// <summary>The TLS handshake failed, for example an untrusted or expired certificate.</summary>
    Tls,

    /// <summary>The connection was reset or closed before the answer was complete.</summary>
    ConnectionReset,

    /// <summary>The answer was not valid HTTP.</summary>
    Protocol,
}
