using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Scraper.Tests.TestSites;

namespace Scraper.Redis.Tests;

/// <summary>
/// Debian's redis-server (the redis-server package, installed by ./test.sh) on a free loopback port, without
/// persistence unless <see cref="AppendOnly"/>, in a temporary folder of its own. Ready when it says so (no polling); stopped on dispose. A machine
/// without it fails the tests, naming the package.
/// </summary>
public class RedisServer : IAsyncLifetime
{
    private const string Executable = "/usr/bin/redis-server";
    private Process? _process;
    private string? _folder;
    private int _port;

    /// <summary>Gets a value indicating whether the server keeps its data in an append-only file (kept across <see cref="RestartAsync"/>).</summary>
    public bool AppendOnly { get; init; }

    /// <summary>Gets the server's host:port.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Gets the password the server requires (requirepass), or null for none.</summary>
    public virtual string? Password => null;

    /// <summary>Gets the configuration string a worker connects with: the address, and the password when there is one.</summary>
    public string Configuration => Password is { } password ? $"{Address},password={password}" : Address;

    public virtual async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: apt-get install -y redis-server (./test.sh installs it).");
        }

        _folder = Directory.CreateTempSubdirectory("scraper-redis-").FullName;
        _port = FreePort();
        await StartAsync();
        Address = $"127.0.0.1:{_port}";
    }

    /// <summary>
    /// Stops the server as an operator does (SHUTDOWN: with <see cref="AppendOnly"/> the append-only file is flushed)
    /// and, once <paramref name="whileDown"/> is done, starts it again on the same port and folder, where it reads
    /// its data back before it says it is ready.
    /// </summary>
    public async Task RestartAsync(Func<Task>? whileDown = null)
    {
        // redis-cli comes with redis-server (Debian's redis-tools); SHUTDOWN is what SIGTERM does.
        var shutdown = new ProcessStartInfo("/usr/bin/redis-cli", [
            "-h", "127.0.0.1", "-p", _port.ToString(CultureInfo.InvariantCulture),
            .. Password is { } password ? new[] { "-a", password, "--no-auth-warning" } : [], "shutdown"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var stop = Process.Start(shutdown) ?? throw new InvalidOperationException("redis-cli did not start."))
        {
            await stop.WaitForExitAsync();
        }

        await _process!.WaitForExitAsync();
        _process.Dispose();
        _process = null;
        if (whileDown is not null)
        {
            await whileDown();
        }

        await StartAsync();
    }

    private async Task StartAsync()
    {
        var start = new ProcessStartInfo(Executable, [
            "--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _folder!,
            "--save", "", "--appendonly", AppendOnly ? "yes" : "no", "--daemonize", "no", "--loglevel", "notice",
            .. Password is { } password ? new[] { "--requirepass", password } : []]);
        _process = await ServerProcess.StartAsync(start, "Ready to accept connections", "apt-get install -y redis-server; ./test.sh installs it");
    }

    public virtual async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
            _folder = null;
        }
    }

    /// <summary>Connects one worker to a crawl on this server.</summary>
    public Task<RedisCrawl> ConnectAsync(string crawl, TimeProvider? time = null, TimeSpan? leaseTimeout = null, string? worker = null, int prefetch = 16) =>
        RedisCrawl.ConnectAsync(new RedisCrawlOptions { Configuration = Configuration, Crawl = crawl, Worker = worker, LeaseTimeout = leaseTimeout ?? TimeSpan.FromSeconds(60), Prefetch = prefetch }, time);

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One server for every Redis test class (each test uses its own crawl name).</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
