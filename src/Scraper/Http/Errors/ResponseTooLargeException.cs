namespace Scraper.Http;

/// <summary>A body was larger than the maximum response size (semantics N4); reading stopped at the limit.</summary>
public sealed class ResponseTooLargeException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="limit">The limit in bytes.</param>
    /// <param name="declaredLength">The Content-Length the server declared, if any.</param>
    public ResponseTooLargeException(Uri url, long limit, long? declaredLength)
        : base(url, declaredLength is { } length
            ? $"The response from {UrlRedaction.Redact(url)} declares {length:N0} bytes, more than the limit of {limit:N0}."
            : $"The response from {UrlRedaction.Redact(url)} exceeded the limit of {limit:N0} bytes.")
    {
        Limit = limit;
    }

    /// <summary>Gets the limit in bytes.</summary>
    public long Limit { get; }
}
