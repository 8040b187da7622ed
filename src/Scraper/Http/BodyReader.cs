using System.Buffers;

namespace Scraper.Http;

/// <summary>
/// Reads a response body into memory while enforcing the size limit as it streams (N4): a declared
/// Content-Length over the limit fails before reading, and a body without one stops at the limit.
/// </summary>
internal static class BodyReader
{
    private const int InitialBufferSize = 16 * 1024;

    // Larger declared bodies go through pooled buffers: a huge Content-Length is not trusted with one allocation.
    private const int MaxExactSize = 1024 * 1024;

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
        if (declared is not (> 0 and <= MaxExactSize))
        {
            return await ReadPooledAsync(stream, url, limit, declared ?? InitialBufferSize, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }

        // The usual case: the length is known, so the body is read straight into its own array, without a pooled
        // buffer and a copy. A shorter body is returned as it is; a longer one (a server that lied) reads on below.
        var exact = GC.AllocateUninitializedArray<byte>((int)declared.Value + 1);
        var filled = 0;
        int read;
        while (filled < exact.Length && (read = await stream.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        return filled < exact.Length
            ? exact.AsMemory(0, filled)
            : await ReadPooledAsync(stream, url, limit, exact.Length * 2L, exact, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadPooledAsync(Stream stream, Uri url, long limit, long sizeHint, ReadOnlyMemory<byte> prefix, CancellationToken cancellationToken)
    {
        if (prefix.Length > limit)
        {
            throw new ResponseTooLargeException(url, limit, declaredLength: null);
        }

        // The hint, within the limit and 4 MB (the buffer grows as needed), and room for one byte past the prefix.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(prefix.Length + 1L, Math.Min(sizeHint, Math.Min(limit + 1, 4 * 1024 * 1024))));
        prefix.CopyTo(buffer);
        var length = prefix.Length;
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
