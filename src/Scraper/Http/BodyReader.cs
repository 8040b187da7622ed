using System.Buffers;
using System.IO.Compression;
using System.Net;

namespace Scraper.Http;

/// <summary>
/// Reads a response body into memory (semantics N4, N8). The size limit applies while streaming, to decompressed
/// bytes: a declared Content-Length over the limit fails before reading, and a body without one stops at the limit.
/// Memory is bounded by design: a body never holds more than its size plus one chunk, and with a
/// <see cref="BodyBudget"/> its bytes are reserved before they are read.
/// </summary>
internal static class BodyReader
{
    private const int ChunkSize = BodyBudget.ChunkSize;

    // A declared length up to this is reserved in one step: the usual page costs one reservation, not sixteen.
    private const int SingleStepSize = 1024 * 1024;

    public static async Task<BufferedBody> ReadAsync(HttpResponseMessage response, Uri url, long limit, BodyBudget? budget, CancellationToken cancellationToken)
    {
        if (HasNoBody(response))
        {
            // HEAD, 204 and 304 carry the Content-Length of a body they do not send.
            return default;
        }

        // A body is a ReadOnlyMemory: one array, whatever the limit says.
        limit = Math.Min(limit, Array.MaxLength - 1L);
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit)
        {
            throw new ResponseTooLargeException(url, limit, declared);
        }

        var reservation = budget?.Open(declared is > 0 ? declared.Value + 1 : limit + ChunkSize);
        Stream? stream = null;
        try
        {
            stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlyMemory<byte> body;
            await using (stream.ConfigureAwait(false))
            {
                var reader = new Reading(stream, url, limit, reservation, response);
                body = declared is > 0
                    ? await reader.ReadDeclaredAsync((int)declared.Value, cancellationToken).ConfigureAwait(false)
                    : await reader.ReadChunksAsync(ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            }

            reservation?.Settle(body.Length);
            return new BufferedBody(body, reservation);
        }
        catch (Exception ex) when (Translate(ex, url, stream, response) is { } translated)
        {
            reservation?.Dispose();
            throw translated;
        }
        catch
        {
            reservation?.Dispose();
            throw;
        }
    }

    private static bool HasNoBody(HttpResponseMessage response) =>
        response.RequestMessage?.Method == HttpMethod.Head
        || response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified
        || (int)response.StatusCode < 200;

    /// <summary>What .NET throws while reading a body, as the session's own errors (N8): never a raw InvalidDataException.</summary>
    private static SessionException? Translate(Exception exception, Uri url, Stream? stream, HttpResponseMessage response) => exception switch
    {
        HttpRequestException http => TransportErrors.Translate(url, http),
        HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } =>
            new ContentDecodingException(url, EncodingOf(stream, response), ContentDecodingFailure.Truncated, exception),
        InvalidDataException => new ContentDecodingException(url, EncodingOf(stream, response), ContentDecodingFailure.Corrupt, exception),
        // BrotliStream reports invalid data as "Decoder ran into invalid data" (an InvalidOperationException).
        InvalidOperationException when stream is BrotliStream =>
            new ContentDecodingException(url, "br", ContentDecodingFailure.Corrupt, exception),
        HttpIOException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError } =>
            new SessionConnectionException(url, ConnectionFailure.Protocol, exception),
        IOException => new SessionConnectionException(url, ConnectionFailure.ConnectionReset, exception),
        _ => null,
    };

    /// <summary>
    /// The content coding being decoded. The handler removes Content-Encoding when it decompresses, so the stream's
    /// type says which it was (.NET's deflate stream, which also reads zlib, is internal: hence the name).
    /// </summary>
    private static string EncodingOf(Stream? stream, HttpResponseMessage response) => stream switch
    {
        GZipStream => "gzip",
        BrotliStream => "br",
        DeflateStream or ZLibStream => "deflate",
        not null when stream.GetType().Name.Contains("Deflate", StringComparison.Ordinal) => "deflate",
        _ => response.Content.Headers.ContentEncoding.LastOrDefault() ?? ContentDecodingException.Identity,
    };

    private sealed class Reading(Stream stream, Uri url, long limit, BodyReservation? reservation, HttpResponseMessage response)
    {
        private readonly ArrayPool<byte> _pool = reservation?.Chunks ?? ArrayPool<byte>.Shared;

        /// <summary>
        /// The usual case: the length is known, so the body is read straight into its own array (one more byte shows
        /// a server that sends more). With a budget, bytes are reserved as they come, a chunk at a time past 1 MB, so
        /// a large Content-Length that is never sent holds no budget.
        /// </summary>
        public async Task<ReadOnlyMemory<byte>> ReadDeclaredAsync(int declared, CancellationToken cancellationToken)
        {
            var exact = GC.AllocateUninitializedArray<byte>(declared + 1);
            var reserved = reservation is null ? exact.Length : 0;
            var filled = 0;
            while (filled < exact.Length)
            {
                if (filled == reserved)
                {
                    var step = exact.Length <= SingleStepSize + 1 ? exact.Length : Math.Min(ChunkSize, exact.Length - reserved);
                    await reservation!.ReserveAsync(step, cancellationToken).ConfigureAwait(false);
                    reserved += step;
                }

                var read = await stream.ReadAsync(exact.AsMemory(filled, reserved - filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            if (filled < declared)
            {
                // SocketsHttpHandler throws for this itself; another handler may just end the stream.
                throw new ContentDecodingException(url, EncodingOf(stream, response), ContentDecodingFailure.Truncated);
            }

            if (filled == declared)
            {
                return exact.AsMemory(0, filled);
            }

            // A server (or a handler below the session) that sends more than it declared: the rest reads on by chunks.
            reservation?.Raise(limit + ChunkSize);
            return await ReadChunksAsync(exact, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// A body of unknown length (chunked, or decompressed) is read into fixed-size pooled chunks, each reserved
        /// before it is filled, and joined once into an array of its exact size. Each chunk goes back to the pool as
        /// soon as it is copied, so joining holds the body's size plus one chunk, not twice the size.
        /// </summary>
        public async Task<ReadOnlyMemory<byte>> ReadChunksAsync(ReadOnlyMemory<byte> prefix, CancellationToken cancellationToken)
        {
            if (prefix.Length > limit)
            {
                throw new ResponseTooLargeException(url, limit, declaredLength: null);
            }

            var chunks = new List<byte[]>();
            var total = (long)prefix.Length;
            var used = ChunkSize;
            try
            {
                while (true)
                {
                    if (used == ChunkSize)
                    {
                        if (reservation is not null)
                        {
                            await reservation.ReserveAsync(ChunkSize, cancellationToken).ConfigureAwait(false);
                        }

                        chunks.Add(_pool.Rent(ChunkSize));
                        used = 0;
                    }

                    var read = await stream.ReadAsync(chunks[^1].AsMemory(used, ChunkSize - used), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return Join(prefix, chunks, used, (int)total);
                    }

                    used += read;
                    total += read;
                    if (total > limit)
                    {
                        throw new ResponseTooLargeException(url, limit, declaredLength: null);
                    }
                }
            }
            finally
            {
                foreach (var chunk in chunks)
                {
                    _pool.Return(chunk);
                }
            }
        }

        private byte[] Join(ReadOnlyMemory<byte> prefix, List<byte[]> chunks, int lastUsed, int total)
        {
            var body = GC.AllocateUninitializedArray<byte>(total);
            prefix.Span.CopyTo(body);
            var offset = prefix.Length;
            for (var i = 0; i < chunks.Count; i++)
            {
                var length = i == chunks.Count - 1 ? lastUsed : ChunkSize;
                chunks[i].AsSpan(0, length).CopyTo(body.AsSpan(offset));
                offset += length;
                _pool.Return(chunks[i]);
            }

            chunks.Clear();
            return body;
        }
    }
}

/// <summary>A body read into memory, and the budget bytes it holds (none without a budget).</summary>
internal readonly record struct BufferedBody(ReadOnlyMemory<byte> Bytes, BodyReservation? Reservation);
