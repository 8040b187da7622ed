namespace Scraper.Http;

/// <summary>Why a <see cref="ContentDecodingException"/> was thrown.</summary>
public enum ContentDecodingFailure
{
    /// <summary>The compressed data is not valid for its Content-Encoding (gzip, deflate or br).</summary>
    Corrupt,

    /// <summary>
    /// The connection ended before the body did: fewer bytes than its Content-Length, or a chunked body without
    /// its last chunk. Often transient (a server or proxy that dropped the connection), so it is retried as a
    /// dropped connection is.
    /// </summary>
    Truncated,
}
