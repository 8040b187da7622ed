using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Scraper.Tests.Http;

/// <summary>
/// A loopback HTTP/1.1 server on a raw socket: it records each request's exact bytes (head and body) and answers
/// with exact bytes, so tests can see what reached the wire (no server library normalising headers or encodings).
/// One request per connection (the answer says Connection: close).
/// </summary>
internal sealed class RecordingRawServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, byte[]> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <param name="respond">The response head (status line and headers, without Connection or the blank line) for a request path.</param>
    public RecordingRawServer(Func<string, byte[]> respond)
    {
        _respond = respond;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public ConcurrentQueue<byte[]> Requests { get; } = new();

    public Uri At(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

    /// <summary>The raw head of the first request to a path, as Latin-1 (one char per byte).</summary>
    public string? Head(string path) => Requests.Select(r => Encoding.Latin1.GetString(r)).FirstOrDefault(r => r.StartsWith($"GET {path} ", StringComparison.Ordinal) || r.StartsWith($"POST {path} ", StringComparison.Ordinal));

    public static byte[] Ok(string extraHeaders = "", string body = "ok") =>
        Encoding.Latin1.GetBytes($"HTTP/1.1 200 OK\r\nConnection: close\r\n{extraHeaders}Content-Type: text/html\r\nContent-Length: {Encoding.Latin1.GetByteCount(body)}\r\n\r\n{body}");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            var request = await ReadRequestAsync(stream, _stop.Token);
            Requests.Enqueue(request);
            var line = Encoding.Latin1.GetString(request).Split(' ');
            await stream.WriteAsync(_respond(line.Length > 1 ? line[1] : "/"), _stop.Token);
        }
    }

    private static async Task<byte[]> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            buffer.Write(chunk, 0, read);
        }

        var head = Encoding.Latin1.GetString(buffer.GetBuffer(), 0, headEnd);
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        while (buffer.Length < headEnd + 4 + length)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static int IndexOfHeadEnd(MemoryStream buffer) => buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8);
}
