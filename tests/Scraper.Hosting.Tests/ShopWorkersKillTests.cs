using System.Diagnostics;
using System.Text.Json;
using DemoShop;
using Scraper.Redis.Tests;
using StackExchange.Redis;

namespace Scraper.Hosting.Tests;

/// <summary>
/// Three Shop workers as child processes on one shared crawl in a real redis-server (seeded by a fourth with
/// --seed), one of them SIGKILLed mid-crawl at a point a seeded random generator picks: the union of the workers'
/// published outputs is exactly the catalogue, every product once and no torn line, so is the crawl's Redis stream,
/// and the crawl logged in once.
/// </summary>
public sealed class ShopWorkersKillTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const int Products = 120;
    private const string Password = "workers-secret";
    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-workers-").FullName;
    private readonly string _crawl = "shop" + Guid.NewGuid().ToString("N")[..8];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Process> _workers = [];
    private DemoShopServer _shop = null!;
    private ConnectionMultiplexer _reader = null!;
    private int _requests;
    private int _killAt;
    private int _victimPick;
    private string? _victim;

    public async Task InitializeAsync()
    {
        _shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = Password, CrawlDelaySeconds = 0, ProductCount = Products, OnRequest = OnRequest });
        _reader = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
    }

    public async Task DisposeAsync()
    {
        lock (_lock)
        {
            foreach (var worker in _workers.Values.Where(worker => !worker.HasExited))
            {
                worker.Kill(entireProcessTree: true);
            }
        }

        await _reader.DisposeAsync();
        await _shop.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(20261204, false)]
    [InlineData(20261205, true)]
    public async Task Shop_ThreeWorkerProcessesOneSigKilled_UnionOfPublishedOutputsIsTheCatalogueOnce_LoggingInOnce(int seed, bool restartAtOnce)
    {
        var random = new Random(seed);
        _killAt = random.Next(30, 70);
        _victimPick = random.Next(3);
        Assert.Equal(0, (await ShopProcess.RunAsync(_folder, Environment(), [.. Arguments("seeder"), "--seed"])).ExitCode);

        string[] names = ["w0", "w1", "w2"];
        var runs = names.ToDictionary(name => name, Start);
        var victim = await WaitForVictimAsync(runs);
        Assert.Equal(137, await runs[victim]);
        // Killed with work committed (the victim is picked among the workers with a checkpoint) and work in flight.
        Assert.True(await _reader.GetDatabase().HashExistsAsync(CheckpointsKey, victim));

        // Restarted under its name, at once (it rejoins the crawl) or only once the others have finished the crawl
        // without it (it publishes what it had committed): either way it resumes its export at its checkpoint.
        var restarted = restartAtOnce ? Start(victim) : null;
        foreach (var name in names.Where(name => name != victim))
        {
            Assert.Equal(0, await runs[name]);
        }

        Assert.Equal(0, await (restarted ?? Start(victim)));
        Assert.True(File.Exists(Output(victim)), "The restarted worker published nothing.");

        var skus = names.SelectMany(name => File.ReadAllLines(Output(name))).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("sku").GetString()).ToList();
        Assert.Equal(_shop.Catalog.Products.Select(product => product.Sku).Order(StringComparer.Ordinal), skus.Order(StringComparer.Ordinal));
        // A consumer of the stream saw each product once too, across the kill.
        var streamed = (await _reader.GetDatabase().StreamRangeAsync(StreamKey)).Select(entry => JsonDocument.Parse((string)entry["item"]!).RootElement.GetProperty("sku").GetString());
        Assert.Equal(skus.Order(StringComparer.Ordinal), streamed.Order(StringComparer.Ordinal));
        Assert.Equal(1, _shop.Logins);
        Assert.Equal(0, await _reader.GetDatabase().HashLengthAsync(CheckpointsKey));
        // The killed run's uncommitted tail was cut off, not kept: no temporary export is left behind.
        Assert.Empty(names.SelectMany(name => Directory.GetFiles(Path.GetDirectoryName(Output(name))!, ".shop*")));
    }

    private string StreamKey => $"scraper:{{{_crawl}}}:items";

    private string CheckpointsKey => $"scraper:{{{_crawl}}}:checkpoints";

    private string Output(string worker) => Path.Combine(_folder, worker, "shop.jsonl");

    private string[] Arguments(string worker) => ["--redis", redis.Configuration, "--crawl", _crawl, "--worker", worker, "--output", Output(worker), "--redis-stream", StreamKey];

    private Dictionary<string, string> Environment(string worker = "seeder") => new()
    {
        ["Shop__BaseUrl"] = _shop.BaseAddress.AbsoluteUri,
        ["Shop__Username"] = "demo",
        ["Shop__Password"] = Password,
        ["Shop__DemoFlakyRate"] = "0",
        ["Scraper__Mode"] = "Once",
        ["Scraper__StateDirectory"] = Path.Combine(_folder, worker),
        ["Scraper__ConcurrentRequests"] = "4",
        ["Scraper__JobCommitBatchSize"] = "2",
        // The killed worker's leases go to the others six seconds after it stopped extending them. Shorter (two
        // seconds) failed once on CI: a freshly restarted worker on a loaded two-core machine missed its heartbeats
        // for over a second while it started, and lost four leases to the others, as a hung worker should.
        ["Scraper__RedisLeaseTimeout"] = "00:00:06",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    /// <summary>Starts a worker; its task ends with its exit code (137 for SIGKILL).</summary>
    private Task<int> Start(string worker)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "Shop.dll"), .. Arguments(worker)])
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in Environment(worker))
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        lock (_lock)
        {
            process.Start();
            _workers[worker] = process;
        }

        return WaitAsync(process);
    }

    private static async Task<int> WaitAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        // Both streams read to their end, so the child never blocks on a full pipe.
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output, error);
        var code = process.ExitCode;
        Assert.True(code is 0 or 137 or -1, $"exit {code}: {await error} {await output}");
        return code == -1 ? 137 : code;
    }

    private readonly TaskCompletionSource<string> _killed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task<string> WaitForVictimAsync(Dictionary<string, Task<int>> runs)
    {
        var finished = await Task.WhenAny([_killed.Task, .. runs.Values]).WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(finished == _killed.Task, "The crawl ended before the kill point: no worker was killed.");
        return await _killed.Task;
    }

    /// <summary>At the seeded request and after, the first one at which some worker has committed: that worker is killed.</summary>
    private void OnRequest(string path)
    {
        lock (_lock)
        {
            if (_victim is not null || ++_requests < _killAt)
            {
                return;
            }

            // The Redis client's own synchronous call: the shop's request thread waits for it, the crawl goes on.
            var committed = _reader.GetDatabase().HashKeys(CheckpointsKey).Select(key => (string)key!).Where(_workers.ContainsKey).Order(StringComparer.Ordinal).ToList();
            if (committed.Count == 0)
            {
                return;
            }

            _victim = committed[_victimPick % committed.Count];
            // Process.Kill sends SIGKILL on Unix: no shutdown code runs, as with kill -9.
            _workers[_victim].Kill(entireProcessTree: true);
            _killed.TrySetResult(_victim);
        }
    }
}
