namespace Scraper.Http;

/// <summary>
/// Makes one attempt one request on the wire. SocketsHttpHandler resends a request without a body up to three
/// times when a connection ends before any byte of the answer (HttpConnectionPool's MaxConnectionFailureRetries,
/// for HttpConnection's <c>_canRetry</c>), and it does so on fresh connections too: a server that accepts and
/// closes got four requests per attempt, sixteen for the engine's three retries. This stream sits over each
/// HTTP/1.x connection (<see cref="SocketsHttpHandler.PlaintextStreamFilter"/>): when a connection that has never
/// delivered a byte ends, it throws the handler's own ResponseEnded error from the read, before the handler marks
/// the request retryable, so the failure reaches the session and its retry policy. A kept-alive connection that
/// the server closed while idle still gets the handler's transparent resend, as in browsers: that request never
/// reached the server.
/// </summary>
internal sealed class UnansweredConnectionGuard(Stream inner) : Stream
{
    private bool _answered;

    public static ValueTask<Stream> FilterAsync(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Stream>(context.NegotiatedHttpVersion.Major == 1 ? new UnansweredConnectionGuard(context.PlaintextStream) : context.PlaintextStream);

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _answered ? inner.ReadAsync(buffer, cancellationToken) : ReadFirstAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Observe(inner.Read(buffer), buffer.Length);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadFirstAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Observe(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    private int Observe(int read, int asked)
    {
        if (read > 0)
        {
            _answered = true;
        }
        else if (asked > 0 && !_answered)
        {
            // A zero-byte read (the handler's wait for data) returns 0 without meaning the end: only a real read counts.
            throw new HttpIOException(HttpRequestError.ResponseEnded, "The server closed the connection without answering.");
        }

        return read;
    }
}
