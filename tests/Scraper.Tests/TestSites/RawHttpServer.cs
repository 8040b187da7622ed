using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Scraper.Tests.TestSites;

/// <summary>
/// A loopback HTTP/1.1 server written on a bare socket, for answers no real server gives: corrupt compressed bodies,
/// bodies shorter than their Content-Length, connections closed without a word. It counts connections and requests.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, Stream, Task<bool>> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Task> _connections = [];
    private int _connectionCount;
    private int _requestCount;

    /// <param name="respond">Answers one request (given its path) on the stream; returns whether to keep the connection open.</param>
    private RawHttpServer(Func<string, Stream, Task<bool>> respond)
    {
        _respond = respond;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    public int Connections => Volatile.Read(ref _connectionCount);

    public int Requests => Volatile.Read(ref _requestCount);

    public static RawHttpServer Start(Func<string, Stream, Task<bool>> respond) => new(respond);

    public Uri At(string path) => new(Address, path);

    /// <summary>Writes a status line, the headers and a body, as given (no Content-Length is added).</summary>
    public static async Task WriteAsync(Stream stream, string head, byte[]? body = null)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 " + head.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n"));
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }

        await stream.FlushAsync();
    }

    /// <summary>Answers 200 "ok" and keeps the connection.</summary>
    public static async Task<bool> OkAsync(Stream stream)
    {
        await WriteAsync(stream, "200 OK\nContent-Length: 2", "ok"u8.ToArray());
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connectionCount);
            lock (_connections)
            {
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                while (await ReadPathAsync(stream) is { } path)
                {
                    Interlocked.Increment(ref _requestCount);
                    if (!await _respond(path, stream))
                    {
                        return;
                    }
                }
            }
            catch (IOException)
            {
                // The client went away mid-answer: that is what several tests provoke.
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Reads one request head (GET requests only: no body) and returns its path, or null at the end.</summary>
    private async Task<string?> ReadPathAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            head.Append((char)one[0]);
        }

        return head.ToString().Split(' ')[1];
    }
}
