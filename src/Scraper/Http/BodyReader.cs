using System.Buffers;

namespace Scraper.Http;

/// <summary>
/// Reads a response body into memory while enforcing the size limit as it streams (N4): a declared
/// Content-Length over the limit fails before reading, and a body without one stops at the limit.
/// </summary>
internal static class BodyReader
{
    private const int InitialBufferSize = 16 * 1024;

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpResponseMessage response, Uri url, long limit, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit)
        {
            throw new ResponseTooLargeException(url, limit, declared);
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadBoundedAsync(stream, url, limit, declared, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException ex)
        {
            throw TransportErrors.Translate(url, ex);
        }
        catch (IOException ex)
        {
            throw new SessionConnectionException(url, ConnectionFailure.ConnectionReset, ex);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream stream, Uri url, long limit, long? declared, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(declared ?? InitialBufferSize, 1, Math.Min(limit + 1, 4 * 1024 * 1024)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Math.Max(limit + 1, buffer.Length + 1L)));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > limit)
                {
                    throw new ResponseTooLargeException(url, limit, declaredLength: null);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
