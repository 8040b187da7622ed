namespace Scraper.Crawling.Scheduling.Storage;

/// <summary>
/// A request cannot be saved to (or read back from) a persistent frontier: a callback without a name, state of a
/// type with no JSON contract, credentials of its own. The message says which, and what to do.
/// </summary>
public sealed class RequestNotStorableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public RequestNotStorableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What cannot be stored and why.</param>
    public RequestNotStorableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What cannot be stored and why.</param>
    /// <param name="innerException">The cause.</param>
    public RequestNotStorableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
