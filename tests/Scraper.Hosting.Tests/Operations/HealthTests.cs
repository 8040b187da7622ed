using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Hosting.Operations;

namespace Scraper.Hosting.Tests.Operations;

public sealed class HealthTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 30, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-health-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationTokenSource Stopping { get; } = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => Stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopping.Cancel();
    }

    private sealed class Notifier : ISystemdNotifier
    {
        public Channel<string> States { get; } = Channel.CreateUnbounded<string>();

        public bool IsEnabled => true;

        public void Notify(ServiceState state) => States.Writer.TryWrite(state.ToString());
    }

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task Liveness_ScheduledRunOverdueWithoutStarting_IsUnhealthyUntilARunStarts()
    {
        var runs = new SpiderRuns(_time);
        runs.Register("shop", "* * * * *");
        runs.Find("shop")!.Scheduled(Start.AddSeconds(30));
        var check = new SchedulerHealthCheck(runs, new Lifetime(), _time);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);

        _time.Advance(TimeSpan.FromSeconds(30) + SchedulerHealthCheck.Grace + TimeSpan.FromSeconds(1));
        var stuck = await CheckAsync(check);
        Assert.Equal(HealthStatus.Unhealthy, stuck.Status);
        Assert.Contains("shop", stuck.Description, StringComparison.Ordinal);

        var run = new TaskCompletionSource<CrawlResult?>();
        Assert.NotNull(runs.TryStart("shop", _ => run.Task, CancellationToken.None));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        run.SetResult(null);
    }

    [Fact]
    public async Task Liveness_HostStopping_IsUnhealthy()
    {
        var lifetime = new Lifetime();
        var check = new SchedulerHealthCheck(new SpiderRuns(_time), lifetime, _time);

        lifetime.StopApplication();

        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(check)).Status);
    }

    [Fact]
    public async Task Store_StateFolderWritable_IsHealthy_AndUnderAFile_IsUnhealthy()
    {
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(new StoreHealthCheck(Options.Create(new ScraperHostOptions { StateDirectory = _state })))).Status);
        Assert.Empty(Directory.GetFiles(_state));
        var file = Path.Combine(_state, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var broken = await CheckAsync(new StoreHealthCheck(Options.Create(new ScraperHostOptions { StateDirectory = Path.Combine(file, "state") })));

        Assert.Equal(HealthStatus.Unhealthy, broken.Status);
        Assert.Contains("cannot be written", broken.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Watchdog_Interval_ComesFromWatchdogUsecForThisProcessOnly()
    {
        var pid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(TimeSpan.FromSeconds(30), SystemdWatchdog.IntervalOf(name => name == "WATCHDOG_USEC" ? "30000000" : null));
        Assert.Equal(TimeSpan.FromSeconds(30), SystemdWatchdog.IntervalOf(name => name switch { "WATCHDOG_USEC" => "30000000", "WATCHDOG_PID" => pid, _ => null }));
        Assert.Null(SystemdWatchdog.IntervalOf(name => name switch { "WATCHDOG_USEC" => "30000000", "WATCHDOG_PID" => "1", _ => null }));
        Assert.Null(SystemdWatchdog.IntervalOf(_ => null));
        Assert.Null(SystemdWatchdog.IntervalOf(name => name == "WATCHDOG_USEC" ? "soon" : null));
    }

    [Fact]
    public async Task Watchdog_FedAtHalfTheIntervalWhileLive_AndNotOnceTheSchedulerIsStuck()
    {
        var lines = Channel.CreateUnbounded<string>();
        var logs = FakeLogCollector.Create(new FakeLogCollectorOptions { OutputSink = line => lines.Writer.TryWrite(line) });
        var runs = new SpiderRuns(_time);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(runs)
            .AddSingleton<IHostApplicationLifetime>(new Lifetime());
        services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler", tags: [SchedulerHealthCheck.Tag]);
        await using var provider = services.BuildServiceProvider();
        var notifier = new Notifier();
        using var watchdog = new SystemdWatchdog(
            provider.GetRequiredService<HealthCheckService>(), _time, new FakeLogger<SystemdWatchdog>(logs), notifier, name => name == "WATCHDOG_USEC" ? "10000000" : null);

        await watchdog.StartAsync(CancellationToken.None);
        Assert.Equal("WATCHDOG=1", await notifier.States.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("WATCHDOG=1", await notifier.States.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        runs.Register("shop", "* * * * *");
        runs.Find("shop")!.Scheduled(_time.GetUtcNow() - SchedulerHealthCheck.Grace - TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(5));
        while (!(await lines.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Contains("Not feeding the systemd watchdog", StringComparison.Ordinal))
        {
        }

        await watchdog.StopAsync(CancellationToken.None);

        Assert.False(notifier.States.Reader.TryRead(out _));
    }
}
