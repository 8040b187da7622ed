using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Scraper.Tests.Httpbin;

/// <summary>
/// Debian's httpbin (python3-httpbin) on a free loopback port: a real server nobody here wrote. Started once per
/// test class; ready when it prints that it is running (no polling); killed with its process tree on dispose.
/// </summary>
public sealed class HttpbinServer : IAsyncLifetime
{
    private const string Python = "/usr/bin/python3";
    private Process? _process;

    public Uri Address { get; private set; } = null!;

    public Uri At(string pathAndQuery) => new(Address, pathAndQuery);

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Python, ["-m", "httpbin.core", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["PYTHONUNBUFFERED"] = "1";
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start httpbin.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.Contains("Running on", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        _process.ErrorDataReceived += OnLine;
        _process.OutputDataReceived += OnLine;
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            "httpbin exited before it was ready (is python3-httpbin installed? apt-get install -y python3-httpbin): " + string.Join('\n', output)));
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
