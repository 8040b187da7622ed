namespace Scraper.Http;

/// <summary>
/// A request took longer than its timeout (semantics N3). Unlike the <see cref="OperationCanceledException"/>
/// thrown when the caller cancels, this says the server was too slow.
/// </summary>
public sealed class SessionTimeoutException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="timeout">The timeout that ran out.</param>
    /// <param name="innerException">The cause.</param>
    public SessionTimeoutException(Uri url, TimeSpan timeout, Exception? innerException = null)
        : base(url, $"The request to {UrlRedaction.Redact(url)} timed out after {timeout.TotalSeconds:0.###} s.", innerException)
    {
        Timeout = timeout;
    }

    /// <summary>Gets the timeout that ran out.</summary>
    public TimeSpan Timeout { get; }
}
