using System.Diagnostics;
using System.Text.Json;
using DemoShop;

namespace Scraper.Hosting.Tests;

/// <summary>
/// The Shop scraper in a child process, killed with SIGKILL at points a seeded random generator picks and started again
/// each time: the output it finally publishes is exactly the shop's catalogue, every product once, no torn line.
/// </summary>
public sealed class ShopKillTests : IAsyncLifetime
{
    private const int Products = 240;
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-kill-").FullName;
    private readonly object _lock = new();
    private DemoShopServer _shop = null!;
    private Process? _child;
    private int _requests;
    private int _killAt = int.MaxValue;

    private string Output => Path.Combine(_state, "shop.jsonl");

    public async Task InitializeAsync() =>
        _shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = "kill-test", CrawlDelaySeconds = 0, ProductCount = Products, OnRequest = OnRequest });

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Shop_SigKilledAtSeededPoints_ThenRestarted_PublishesExactlyTheUninterruptedItems()
    {
        var random = new Random(20261201);
        // Each run starts with robots.txt, the home page and the login, so low points kill during the login.
        var points = Enumerable.Range(0, 4).Select(_ => random.Next(2, Products / 2)).ToList();
        foreach (var point in points)
        {
            var exit = await RunChildAsync(point);
            Assert.Equal(137, exit);
            Assert.False(File.Exists(Output));
        }

        Assert.Equal(0, await RunChildAsync(int.MaxValue));

        var lines = await File.ReadAllLinesAsync(Output);
        var skus = lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("sku").GetString()).ToList();
        Assert.Equal(_shop.Catalog.Products.Select(product => product.Sku).Order(StringComparer.Ordinal), skus.Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(_state, ".shop*"));
    }

    /// <summary>Runs the Shop scraper once; it is killed when the shop has served <paramref name="killAt"/> requests of this run.</summary>
    private async Task<int> RunChildAsync(int killAt)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Shop.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Shop__BaseUrl"] = _shop.BaseAddress.AbsoluteUri;
        start.Environment["Shop__Username"] = "demo";
        start.Environment["Shop__Password"] = "kill-test";
        start.Environment["Shop__DemoFlakyRate"] = "0";
        start.Environment["Scraper__Mode"] = "Once";
        start.Environment["Scraper__StateDirectory"] = _state;
        start.Environment["Scraper__Output"] = Output;
        start.Environment["Scraper__ConcurrentRequests"] = "8";
        // Small commits, so every kill point falls after some (the default of 256 would commit once in this shop).
        start.Environment["Scraper__JobCommitBatchSize"] = "8";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var child = new Process { StartInfo = start };
        lock (_lock)
        {
            _requests = 0;
            _killAt = killAt;
            _child = child;
            child.Start();
        }

        // Read both streams to their end, so the child never blocks on a full pipe.
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await child.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(stdout, stderr);
        lock (_lock)
        {
            _child = null;
        }

        var code = child.ExitCode;
        child.Dispose();
        // SIGKILL shows as 137 (128 + 9) through the dotnet host.
        return code == -1 || code == 137 ? 137 : code;
    }

    private void OnRequest(string path)
    {
        lock (_lock)
        {
            if (_child is { } child && ++_requests == _killAt)
            {
                // Process.Kill sends SIGKILL on Unix: no shutdown code runs, as with kill -9.
                child.Kill(entireProcessTree: true);
            }
        }
    }
}
