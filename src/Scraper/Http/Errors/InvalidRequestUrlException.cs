namespace Scraper.Http;

/// <summary>A request URL that cannot be sent: malformed, relative without a base address, or not http(s).</summary>
public sealed class InvalidRequestUrlException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL as given.</param>
    /// <param name="reason">Why it cannot be sent.</param>
    public InvalidRequestUrlException(string url, string reason)
        : base(null, $"Invalid request URL '{UrlRedaction.Redact(url)}': {reason}")
    {
        GivenUrl = UrlRedaction.Redact(url);
    }

    /// <summary>Gets the URL as given, with any credentials in it redacted.</summary>
    public string GivenUrl { get; } = string.Empty;
}
