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
        var start = new ProcessStartInfo(Python, ["-m", "httpbin.core", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        start.Environment["PYTHONUNBUFFERED"] = "1";
        _process = await TestSites.ServerProcess.StartAsync(start, "Running on", "is python3-httpbin installed? apt-get install -y python3-httpbin");
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
