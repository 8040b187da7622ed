using System.Net;

namespace Scraper.Http;

/// <summary>A response whose status is not 2xx, thrown by <see cref="SessionResponse.EnsureSuccessStatusCode"/>.</summary>
public sealed class HttpStatusException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The method.</param>
    /// <param name="url">The final URL.</param>
    /// <param name="statusCode">The status.</param>
    /// <param name="reasonPhrase">The reason phrase.</param>
    public HttpStatusException(HttpMethod method, Uri url, HttpStatusCode statusCode, string? reasonPhrase)
        : base(url, $"{method} {UrlRedaction.Redact(url)} answered {(int)statusCode} {reasonPhrase}".TrimEnd())
    {
        StatusCode = statusCode;
    }

    /// <summary>Gets the status.</summary>
    public HttpStatusCode StatusCode { get; }
}
