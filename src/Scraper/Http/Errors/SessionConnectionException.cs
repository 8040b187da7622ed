namespace Scraper.Http;

/// <summary>A request got no (complete) answer because of the network: DNS, refused, TLS, reset.</summary>
public sealed class SessionConnectionException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="failure">What kind of failure.</param>
    /// <param name="innerException">The cause.</param>
    public SessionConnectionException(Uri url, ConnectionFailure failure, Exception innerException)
        : base(url, $"{Describe(failure)} for {UrlRedaction.Redact(url)}: {innerException.Message}", innerException)
    {
        Failure = failure;
    }

    /// <summary>Gets what kind of failure it was.</summary>
    public ConnectionFailure Failure { get; }

    private static string Describe(ConnectionFailure failure) => failure switch
    {
        ConnectionFailure.NameResolution => "The host name could not be resolved",
        ConnectionFailure.ConnectionRefused => "The connection was refused",
        ConnectionFailure.Tls => "The TLS handshake failed",
        ConnectionFailure.ConnectionReset => "The connection was reset",
        ConnectionFailure.Protocol => "The server's answer was not valid HTTP",
        _ => "The request failed",
    };
}
