namespace Scraper.Http;

/// <summary>
/// A header name or value the session refuses to send (semantics H3, H4): a CR, LF, NUL or other control
/// character, a character outside Latin-1, or a name that is not an HTTP token. It is the caller's error, raised
/// when the value is set (or, for values that bypass the setters, before any connection is opened), and never
/// retried. The message names the header, never its value (it may be a secret).
/// </summary>
public sealed class InvalidHeaderException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="headerName">The header (or cookie, or form part) the value was meant for.</param>
    /// <param name="reason">What is wrong with it, without the value.</param>
    public InvalidHeaderException(string headerName, string reason)
        : base($"Invalid header '{HeaderRules.Printable(headerName)}': {reason}.")
    {
        HeaderName = HeaderRules.Printable(headerName);
    }

    /// <summary>Creates the exception.</summary>
    public InvalidHeaderException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidHeaderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the name of the header, with control characters shown as <c>\xNN</c>.</summary>
    public string HeaderName { get; } = string.Empty;
}
