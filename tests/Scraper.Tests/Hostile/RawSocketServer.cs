using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Scraper.Tests.Hostile;

/// <summary>
/// A loopback HTTP/1.1 server on a bare socket, for the faults Kestrel will not commit: a reset in the middle of a
/// body, a body shorter than its Content-Length, a connection closed without an answer. One request per
/// connection; every request is counted by path.
/// </summary>
internal sealed class RawSocketServer : IAsyncDisposable
{
    private const int BodyHalf = 10_000;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;

    private RawSocketServer()
    {
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    public static RawSocketServer Start() => new();

    public Uri At(string path) => new(Address, path);

    /// <summary>How many requests for a path reached the server.</summary>
    public int RequestsOf(string path) => _requests.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                _connections.Add(ServeAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            var path = await ReadRequestPathAsync(socket);
            if (path is null)
            {
                return;
            }

            _requests.AddOrUpdate(path, 1, static (_, n) => n + 1);
            switch (path)
            {
                case "/reset":
                    // Headers and half the body, then RST (linger 0): the client sees a reset, not an end.
                    await SendAsync(socket, Head(2 * BodyHalf) + new string('r', BodyHalf));
                    socket.LingerState = new LingerOption(true, 0);
                    break;
                case "/short":
                    // Headers and half the body, then an orderly FIN: the body is shorter than its Content-Length.
                    await SendAsync(socket, Head(2 * BodyHalf) + new string('s', BodyHalf));
                    socket.Shutdown(SocketShutdown.Send);
                    break;
                case "/no-answer":
                    socket.Shutdown(SocketShutdown.Send);
                    break;
                default:
                    await SendAsync(socket, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    break;
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away first.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static string Head(int contentLength) =>
        $"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {contentLength}\r\nConnection: close\r\n\r\n<html><body><h1>never complete</h1>";

    private Task SendAsync(Socket socket, string text) => socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, _stop.Token).AsTask();

    /// <summary>Reads the request head (up to 16 KB) and returns the path of its request line; null if the client gave up.</summary>
    private async Task<string?> ReadRequestPathAsync(Socket socket)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var head = Encoding.ASCII.GetString(buffer, 0, length);
            if (head.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var target = head[..head.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ')[1];
                return target.Split('?')[0];
            }
        }

        return null;
    }
}
