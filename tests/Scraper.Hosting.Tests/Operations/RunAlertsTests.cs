using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Scraper.Crawling;
using Scraper.Crawling.Stats;
using Scraper.Hosting.Operations;

namespace Scraper.Hosting.Tests.Operations;

public sealed class RunAlertsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-alerts-").FullName;
    private readonly FakeLogCollector _logs = new();
    private readonly RunHistory _history;

    public RunAlertsTests() => _history = new RunHistory(Options.Create(new ScraperHostOptions { StateDirectory = _state }));

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private RunAlerts NewAlerts(double ratio = 0.5) =>
        new(_history, Options.Create(new AlertOptions { MinItemsRatio = ratio }), new FakeLogger<RunAlerts>(_logs));

    private static CrawlResult Result(CrawlOutcome outcome, long items, Exception? error = null) =>
        new("shop", outcome, new CrawlStats("shop", TimeProvider.System).Snapshot() with { Items = items }, error);

    private Task RecordAsync(string outcome, long items) =>
        _history.AppendAsync(new RunRecord("shop", Start, Start.AddMinutes(5), outcome, null, items, items, items, 0, "out.jsonl"));

    private static async Task<HealthCheckResult> ReadinessAsync(RunAlerts alerts) =>
        await new RunsHealthCheck(alerts).CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task Judge_FewerItemsThanHalfThePreviousSuccessfulRun_LogsBothNumbersAndDegradesReadiness()
    {
        await RecordAsync("Completed", 1200);
        await RecordAsync("Cancelled", 3);
        var alerts = NewAlerts();

        await alerts.JudgeAsync(Result(CrawlOutcome.Completed, 400));

        var error = Assert.Single(_logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        Assert.Contains("1200", error.Message, StringComparison.Ordinal);
        var readiness = await ReadinessAsync(alerts);
        Assert.Equal(HealthStatus.Degraded, readiness.Status);
        Assert.Contains("shop", readiness.Description, StringComparison.Ordinal);

        // A run back to normal clears it.
        await alerts.JudgeAsync(Result(CrawlOutcome.Completed, 1100));
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync(alerts)).Status);
    }

    [Fact]
    public async Task Judge_WorkerOfASharedCrawlWithAThirdOfItsItems_JudgesTheCrawlsTotal()
    {
        await RecordAsync("Completed", 1200);
        var alerts = NewAlerts();

        // Three workers shared the crawl: this one scraped 400 of the crawl's 1,150.
        await alerts.JudgeAsync(Result(CrawlOutcome.Completed, 400), items: 1150);

        Assert.DoesNotContain(_logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync(alerts)).Status);
    }

    [Fact]
    public async Task Judge_RunAboveTheRatio_IsFineAndLogsNoError()
    {
        await RecordAsync("Completed", 1200);
        var alerts = NewAlerts();

        await alerts.JudgeAsync(Result(CrawlOutcome.LimitReached, 700));

        Assert.DoesNotContain(_logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync(alerts)).Status);
    }

    [Fact]
    public async Task Judge_FailedRun_LogsErrorWithBothNumbersAndDegradesReadiness()
    {
        await RecordAsync("Completed", 1200);
        var alerts = NewAlerts();

        await alerts.JudgeAsync(Result(CrawlOutcome.Failed, 12, new InvalidOperationException("login failed for good")));

        var error = Assert.Single(_logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains("12 items", error.Message, StringComparison.Ordinal);
        Assert.Contains("1200", error.Message, StringComparison.Ordinal);
        Assert.Contains("login failed for good", error.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, (await ReadinessAsync(alerts)).Status);
    }

    [Fact]
    public async Task Judge_FailedFirstRun_SaysThereWasNoPreviousSuccessfulRun_InTheLogAndTheReadiness()
    {
        await RecordAsync("Failed", 3);
        var alerts = NewAlerts();

        await alerts.JudgeAsync(Result(CrawlOutcome.Failed, 0, new InvalidOperationException("site down")));

        var error = Assert.Single(_logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains("no previous successful run", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("null", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("had none", error.Message, StringComparison.Ordinal);
        var readiness = await ReadinessAsync(alerts);
        Assert.Contains("no previous successful run", readiness.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("had none", readiness.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_CancelledRun_ChangesNothing()
    {
        await RecordAsync("Completed", 1200);
        var alerts = NewAlerts();

        await alerts.JudgeAsync(Result(CrawlOutcome.Cancelled, 1));

        Assert.Empty(_logs.GetSnapshot());
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync(alerts)).Status);
    }

    [Fact]
    public async Task Readiness_AfterRestartWhenTheLastRecordedRunCrashed_IsDegraded()
    {
        await RecordAsync("Completed", 1200);
        await RecordAsync(RunRecord.Crashed, 10);

        var readiness = await ReadinessAsync(NewAlerts());

        Assert.Equal(HealthStatus.Degraded, readiness.Status);
        Assert.Contains("crashed", readiness.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_RatioZero_TurnsTheItemsAlertOff()
    {
        await RecordAsync("Completed", 1200);
        var alerts = NewAlerts(ratio: 0);

        await alerts.JudgeAsync(Result(CrawlOutcome.Completed, 1));

        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync(alerts)).Status);
    }
}
