using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DemoShop;
using Microsoft.Extensions.Time.Testing;

namespace Scraper.Hosting.Tests;

/// <summary>
/// The Shop scraper in a child process, stopped at points a seeded random generator picks (SIGKILL during the login,
/// during a Retry-After pause and mid-export; SIGTERM; Ctrl+C resumed a day later) and started again each time: the
/// output it finally publishes is exactly the shop's catalogue, every product once, no torn line, and it logs in again
/// only when the saved session is gone or expired.
/// </summary>
public sealed class ShopKillTests : IAsyncLifetime
{
    private const int Products = 240;
    private const int SigKill = 137;
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-kill-").FullName;
    private readonly FakeTimeProvider _shopClock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly Lock _lock = new();
    private readonly List<RunLog> _runs = [];
    private DemoShopServer _shop = null!;
    private DemoShopOptions _options = null!;
    private Process? _child;
    private Stop _stop = Stop.None;
    private bool _stopped;

    private enum Point
    {
        None,
        Login,
        RetryPause,
        Request,
    }

    private string Output => Path.Combine(_state, "shop.jsonl");

    public async Task InitializeAsync() =>
        _shop = await DemoShopServer.StartAsync(_options = new DemoShopOptions
        {
            Password = "kill-test",
            CrawlDelaySeconds = 0,
            ProductCount = Products,
            // A tenth of the pages answer 503 or 429 once, with Retry-After: 1, so there is a retry pause to kill in.
            FlakyRate = 0.1,
            FlakySeed = 20261201,
            SessionLifetime = TimeSpan.FromHours(12),
            TimeProvider = _shopClock,
            OnRequest = OnRequest,
            OnAnswered = OnAnswered,
        });

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Shop_SigKilledAtTenSeededPoints_ThenRestarted_PublishesExactlyTheUninterruptedItems_LoggingInOnce()
    {
        var random = new Random(20261201);
        // The login first (its form, before anything is saved), two retry pauses, then requests of the crawl: each
        // resumed run has less left to do, so the points are drawn small enough that every one of them is reached.
        Point[] kinds = [Point.Login, Point.RetryPause, Point.Request, Point.RetryPause, Point.Request, Point.Request, Point.Request, Point.Request, Point.Request, Point.Request];
        foreach (var kind in kinds)
        {
            var stop = new Stop(kind, "KILL", kind == Point.Request ? random.Next(4, 24) : 0);
            Assert.Equal(SigKill, await RunChildAsync(stop));
            Assert.False(File.Exists(Output));
        }

        Assert.Equal(0, await RunChildAsync(Stop.None));

        AssertExactlyTheCatalogue();
        AssertLoggedInOnlyWithoutASavedSession();
        Assert.Equal(1, _shop.Logins);
        Assert.Empty(Directory.GetFiles(_state, ".shop*"));
    }

    [Fact]
    public async Task Shop_SigTermAtSeededPoints_StopsGracefully_ThenResumes_PublishesExactlyTheUninterruptedItems()
    {
        // No retry pauses here (they only slow the runs down): the SIGKILL matrix has those.
        _options.FlakyRate = 0;
        var random = new Random(20261202);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ExitCodes.Interrupted, await RunChildAsync(new Stop(Point.Request, "TERM", random.Next(10, 60))));
            Assert.False(File.Exists(Output));
        }

        Assert.Equal(0, await RunChildAsync(Stop.None));

        AssertExactlyTheCatalogue();
        AssertLoggedInOnlyWithoutASavedSession();
        Assert.Equal(1, _shop.Logins);
    }

    [Fact]
    public async Task Shop_CtrlCThenResumedADayLater_LogsInAgainOnlyBecauseTheSessionExpired_AndPublishesExactlyTheItems()
    {
        _options.FlakyRate = 0;
        Assert.Equal(ExitCodes.Interrupted, await RunChildAsync(new Stop(Point.Request, "INT", new Random(20261203).Next(20, 80))));
        _shopClock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, await RunChildAsync(Stop.None));

        AssertExactlyTheCatalogue();
        // The saved session was sent and refused (expired): the resumed run logged in once more, no more.
        Assert.Equal(2, _shop.Logins);
        Assert.Single(_runs[1].Logins);
        // Resumed, not started over: the home page (a start request) was fetched by the first run only.
        Assert.Equal(1, _runs.Sum(run => run.Paths.Count(path => path == "/")));
    }

    private void AssertExactlyTheCatalogue()
    {
        // Every line parses (no torn line), and the SKUs are the catalogue's, each once.
        var skus = File.ReadAllLines(Output).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("sku").GetString()).ToList();
        Assert.Equal(_shop.Catalog.Products.Select(product => product.Sku).Order(StringComparer.Ordinal), skus.Order(StringComparer.Ordinal));
    }

    /// <summary>A run logs in only when no earlier run got as far as crawling after its login (the session is saved before that).</summary>
    private void AssertLoggedInOnlyWithoutASavedSession()
    {
        for (var i = 0; i < _runs.Count; i++)
        {
            var saved = _runs.Take(i).Any(run => run.CrawledAfterLogin);
            Assert.True(!saved || _runs[i].Logins.Count == 0, $"Run {i} logged in again though run {_runs.FindIndex(run => run.CrawledAfterLogin)} had saved its session.");
        }
    }

    /// <summary>Runs the Shop scraper once, stopped as <paramref name="stop"/> says; returns its exit code (137 for SIGKILL).</summary>
    private async Task<int> RunChildAsync(Stop stop)
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
            _runs.Add(new RunLog());
            _stop = stop;
            _stopped = false;
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
        return code == -1 || code == SigKill ? SigKill : code;
    }

    private void OnRequest(string path)
    {
        lock (_lock)
        {
            if (_child is null)
            {
                return;
            }

            var run = _runs[^1];
            run.Paths.Add(path);
            if (run.Logins.Count > 0 && !path.StartsWith("/login", StringComparison.Ordinal) && path != "/account")
            {
                run.CrawledAfterLogin = true;
            }

            if ((_stop.At == Point.Login && path.StartsWith("/login", StringComparison.Ordinal)) || (_stop.At == Point.Request && run.Paths.Count == _stop.Request))
            {
                Signal();
            }
        }
    }

    private void OnAnswered(string method, string path, int status)
    {
        lock (_lock)
        {
            if (_child is null)
            {
                return;
            }

            if (method == "POST" && path.StartsWith("/login", StringComparison.Ordinal) && status == 302)
            {
                _runs[^1].Logins.Add(path);
            }

            // Answered with Retry-After: the crawler is waiting out its pause now.
            if (_stop.At == Point.RetryPause && status is 503 or 429)
            {
                Signal();
            }
        }
    }

    private void Signal()
    {
        if (_stopped || _child is not { } child)
        {
            return;
        }

        _stopped = true;
        if (_stop.Signal == "KILL")
        {
            // Process.Kill sends SIGKILL on Unix: no shutdown code runs, as with kill -9.
            child.Kill(entireProcessTree: true);
            return;
        }

        // SIGTERM (a deploy, systemd stop) or SIGINT (Ctrl+C): the host stops gracefully.
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", _stop.Signal, child.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }

    private sealed record Stop(Point At, string Signal, int Request)
    {
        public static readonly Stop None = new(Point.None, "KILL", 0);
    }

    private sealed class RunLog
    {
        public List<string> Paths { get; } = [];

        public List<string> Logins { get; } = [];

        public bool CrawledAfterLogin { get; set; }
    }
}
