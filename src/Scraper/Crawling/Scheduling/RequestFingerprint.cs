using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Scraper.Crawling.Scheduling;

/// <summary>
/// What makes two requests the same: the method, the canonical URL (lower-case scheme and host, no default port,
/// no fragment, query parameters sorted), the body, and the session it goes through (two accounts may well
/// fetch the same page, and see different things). 128 bits of SHA-256: small enough to keep millions in
/// memory or in Redis, wide enough that a collision is not a practical concern.
/// </summary>
/// <param name="High">The first 64 bits.</param>
/// <param name="Low">The last 64 bits.</param>
public readonly record struct RequestFingerprint(ulong High, ulong Low)
{
    /// <summary>Computes a request's fingerprint.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The fingerprint.</returns>
    public static RequestFingerprint Compute(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(request.Method.Method.ToUpperInvariant()));
        hash.AppendData([0]);
        hash.AppendData(Encoding.UTF8.GetBytes(CanonicalUrl.Of(request.Url)));
        hash.AppendData([0]);
        if (request.Body is { } body)
        {
            hash.AppendData(body.Bytes.Span);
        }

        hash.AppendData([0]);
        if (request.Session is { } session && session != SpiderSessions.DefaultName)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(session));
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return new RequestFingerprint(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));
    }

    /// <summary>Returns the fingerprint as 32 hexadecimal digits.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        High.ToString("x16", CultureInfo.InvariantCulture) + Low.ToString("x16", CultureInfo.InvariantCulture);
}
