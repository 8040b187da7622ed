namespace Scraper.Crawling.Downloading;

/// <summary>
/// Thrown by a download middleware to drop a request on purpose (Scrapy's IgnoreRequest): robots.txt forbids
/// it, a redirect leads to a page already seen, the server asks for too long a pause. The engine counts it under
/// <c>requests_dropped/&lt;reason&gt;</c>, calls the request's errback, and goes on; it is not an error.
/// </summary>
public sealed class RequestDroppedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The reason, as counted in the stats (for example <c>robots</c>).</param>
    /// <param name="response">The response that led to the drop, if any (a redirect, a 429).</param>
    public RequestDroppedException(string reason, Response? response = null)
        : base($"Request dropped: {reason}.")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Reason = reason;
        Response = response;
    }

    /// <summary>Creates the exception with a generic reason.</summary>
    public RequestDroppedException()
        : this("dropped")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="innerException">The cause.</param>
    public RequestDroppedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Gets the reason, as counted in the stats.</summary>
    public string Reason { get; }

    /// <summary>Gets the response that led to the drop, if any.</summary>
    public Response? Response { get; }
}
