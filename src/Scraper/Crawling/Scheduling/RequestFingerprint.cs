using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Scraper.Crawling.Scheduling;

/// <summary>
/// What makes two requests the same: the method, the canonical URL (lower-case scheme and host, no default port,
/// no fragment, query parameters sorted) with the request's own <see cref="Request.Params"/> after it, the body, and (unless the spider turns it off with
/// <see cref="CrawlOptions.FingerprintIncludesSession"/>) the session it goes through: two accounts may well
/// fetch the same page, and see different things. 128 bits of XXH128: small enough to keep millions in memory
/// or in Redis, wide enough that an accidental collision is not a practical concern; a duplicate filter needs no
/// cryptographic hash.
/// </summary>
/// <param name="High">The first 64 bits.</param>
/// <param name="Low">The last 64 bits.</param>
public readonly record struct RequestFingerprint(ulong High, ulong Low)
{
    /// <summary>Computes a request's fingerprint, its session included.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The fingerprint.</returns>
    public static RequestFingerprint Compute(Request request) => Compute(request, includeSession: true);

    /// <summary>Computes a request's fingerprint.</summary>
    /// <param name="request">The request.</param>
    /// <param name="includeSession">
    /// Whether the session is part of it: when false, the same page through two sessions is one request (fetched
    /// through whichever session asked first).
    /// </param>
    /// <returns>The fingerprint.</returns>
    public static RequestFingerprint Compute(Request request, bool includeSession)
    {
        ArgumentNullException.ThrowIfNull(request);

        // One buffer, one managed hash call. SHA-256 through the platform's crypto library cost a few microseconds
        // per link (a tenth of the crawl's CPU time, measured); XXH128 costs tens of nanoseconds.
        var method = request.Method.Method;
        var url = request.Canonical;
        var body = request.Body is { } content ? content.Bytes.Span : default;
        var session = includeSession && request.Session is { } name && name != SpiderSessions.DefaultName ? name : string.Empty;
        var parameters = request.Params;
        var length = Encoding.UTF8.GetMaxByteCount(method.Length + url.Length + session.Length + ParamsLength(parameters)) + body.Length + 3;
        var rented = length <= 1024 ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> buffer = rented ?? stackalloc byte[1024];
        try
        {
            var written = Encoding.UTF8.GetBytes(method.ToUpperInvariant(), buffer);
            buffer[written++] = 0;
            written += Encoding.UTF8.GetBytes(url, buffer[written..]);
            buffer[written++] = 0;
            body.CopyTo(buffer[written..]);
            written += body.Length;
            buffer[written++] = 0;
            written += Encoding.UTF8.GetBytes(session, buffer[written..]);
            if (parameters.Count > 0)
            {
                // Only requests with params of their own hash more, so every other fingerprint stays as it was.
                written += WriteParams(parameters, buffer[written..]);
            }

            var hash = XxHash128.HashToUInt128(buffer[..written]);
            return new RequestFingerprint((ulong)(hash >> 64), (ulong)hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // Two separators per parameter, and one before them all.
    private static int ParamsLength(IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        if (parameters.Count == 0)
        {
            return 0;
        }

        var length = 1;
        for (var i = 0; i < parameters.Count; i++)
        {
            length += parameters[i].Key.Length + (parameters[i].Value?.Length ?? 0) + 2;
        }

        return length;
    }

    private static int WriteParams(IReadOnlyList<KeyValuePair<string, string?>> parameters, Span<byte> buffer)
    {
        buffer[0] = 0;
        var written = 1;
        for (var i = 0; i < parameters.Count; i++)
        {
            var (name, value) = parameters[i];
            written += Encoding.UTF8.GetBytes(name, buffer[written..]);
            // A null value (which removes a session parameter) differs from an empty one.
            buffer[written++] = value is null ? (byte)1 : (byte)'=';
            written += Encoding.UTF8.GetBytes(value ?? string.Empty, buffer[written..]);
            buffer[written++] = (byte)'&';
        }

        return written;
    }

    /// <summary>Returns the fingerprint's 16 bytes, high half first (big-endian), as a store keeps them.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), Low);
        return bytes;
    }

    /// <summary>Returns the fingerprint as 32 hexadecimal digits.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        High.ToString("x16", CultureInfo.InvariantCulture) + Low.ToString("x16", CultureInfo.InvariantCulture);
}
