namespace Scraper.Crawling;

/// <summary>A spider could not log a session in; the crawl stops rather than crawl logged out.</summary>
public sealed class LoginFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LoginFailedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the login failed (never the credentials).</param>
    public LoginFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the login failed.</param>
    /// <param name="innerException">The cause.</param>
    public LoginFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
