namespace Scraper.Http;

/// <summary>
/// The base of every error a <see cref="Session"/> reports about a request: it names the URL (with secrets
/// redacted) and what went wrong. After one, the session stays usable for the next request.
/// </summary>
public class SessionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL of the request, or null when it could not be built.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SessionException(Uri? url, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
    }

    /// <summary>Creates the exception.</summary>
    public SessionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public SessionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SessionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the URL of the request that failed.</summary>
    public Uri? Url { get; }
}
