using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Stats;

namespace Scraper.Hosting.Tests;

public sealed class ScheduleTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 30, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly Channel<string> _logLines = Channel.CreateUnbounded<string>();
    private readonly FakeLogCollector _logs;
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-schedule-").FullName;

    public ScheduleTests()
    {
        _logs = FakeLogCollector.Create(new FakeLogCollectorOptions { OutputSink = line => _logLines.Writer.TryWrite(line) });
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private ScraperHostedService NewService(FakeRunner runner, string schedule)
    {
        var options = Options.Create(new ScraperHostOptions { Schedule = schedule, StateDirectory = _state });
        return new ScraperHostedService([], runner, new RunHistory(options), options, new NoLifetime(), _time, new FakeLogger<ScraperHostedService>(_logs));
    }

    /// <summary>Waits until the schedule loop logs that it sleeps until the next due time, then returns that line.</summary>
    private async Task<string> NextRunLoggedAsync()
    {
        while (true)
        {
            var line = await _logLines.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (line.Contains("next run at", StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    [Fact]
    public async Task Schedule_TwoDueTimesGiveTwoRuns()
    {
        var runner = new FakeRunner(completeImmediately: true);
        var service = NewService(runner, "* * * * *");
        using var stop = new CancellationTokenSource();

        var loop = service.RunOnScheduleAsync("shop", typeof(Spider), stop.Token);
        Assert.Contains("10:01:00", await NextRunLoggedAsync(), StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Contains("10:02:00", await NextRunLoggedAsync(), StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromMinutes(1));
        await NextRunLoggedAsync();
        await stop.CancelAsync();
        await loop;

        Assert.Equal(2, runner.Runs);
    }

    [Fact]
    public async Task Schedule_DueTimeDuringARunIsSkippedAndLogged()
    {
        var runner = new FakeRunner(completeImmediately: false);
        var service = NewService(runner, "* * * * *");
        using var stop = new CancellationTokenSource();

        var loop = service.RunOnScheduleAsync("shop", typeof(Spider), stop.Token);
        await NextRunLoggedAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        await NextRunLoggedAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        await NextRunLoggedAsync();
        runner.Finish();
        _time.Advance(TimeSpan.FromMinutes(1));
        await NextRunLoggedAsync();
        await stop.CancelAsync();
        await loop;

        Assert.Equal(2, runner.Runs);
        var skipped = Assert.Single(_logs.GetSnapshot(), r => r.Message.Contains("is skipped", StringComparison.Ordinal));
        Assert.Contains("10:02:00", skipped.Message, StringComparison.Ordinal);
    }

    private sealed class FakeRunner(bool completeImmediately) : ISpiderRunner
    {
        // Continuations run inline: Finish() returns only once the run (and the service's wrapper around it) has
        // completed, so the next due time sees it finished without racing the thread pool.
        private TaskCompletionSource _current = new();
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public string NameOf(Type spiderType) => "shop";

        public CrawlOptions OptionsFor(string spiderName) => new();

        public async Task<CrawlResult> RunAsync(Type spiderType, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            if (!completeImmediately)
            {
                await _current.Task.WaitAsync(cancellationToken);
                _current = new TaskCompletionSource();
            }

            return new CrawlResult("shop", CrawlOutcome.Completed, new CrawlStats("shop", TimeProvider.System).Snapshot());
        }

        public void Finish() => _current.TrySetResult();
    }

    private sealed class NoLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
