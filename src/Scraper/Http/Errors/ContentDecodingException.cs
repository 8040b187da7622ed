namespace Scraper.Http;

/// <summary>
/// A response body that could not be read whole (semantics N8): its compressed data is corrupt, or it ended before
/// its declared length. The status and headers had arrived; the connection is dropped and the session stays usable.
/// </summary>
public sealed class ContentDecodingException : SessionException
{
    /// <summary>The <see cref="Encoding"/> of a body that was not compressed.</summary>
    public const string Identity = "identity";

    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL whose body failed.</param>
    /// <param name="encoding">The content coding being decoded (<c>gzip</c>, <c>deflate</c>, <c>br</c>), or <see cref="Identity"/>.</param>
    /// <param name="reason">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ContentDecodingException(Uri url, string encoding, ContentDecodingFailure reason, Exception? innerException = null)
        : base(url, Describe(url, encoding, reason, innerException), innerException)
    {
        Encoding = encoding;
        Reason = reason;
    }

    /// <summary>Gets the content coding of the body: <c>gzip</c>, <c>deflate</c>, <c>br</c>, or <see cref="Identity"/>.</summary>
    public string Encoding { get; }

    /// <summary>Gets what went wrong.</summary>
    public ContentDecodingFailure Reason { get; }

    /// <summary>
    /// Gets a value indicating whether another attempt may succeed: true for a truncated body (the connection was
    /// dropped), false for corrupt data, which a server sends the same way every time.
    /// </summary>
    public bool IsTransient => Reason == ContentDecodingFailure.Truncated;

    private static string Describe(Uri url, string encoding, ContentDecodingFailure reason, Exception? inner)
    {
        var what = reason == ContentDecodingFailure.Truncated
            ? $"The body of {UrlRedaction.Redact(url)} ended before its declared length (content coding {encoding})"
            : $"The body of {UrlRedaction.Redact(url)} is not valid {encoding} data";
        return inner is null ? what + "." : $"{what}: {inner.Message}";
    }
}
