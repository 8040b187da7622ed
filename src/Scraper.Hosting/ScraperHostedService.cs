using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Crawling;
using Scraper.Hosting.Operations;

namespace Scraper.Hosting;

/// <summary>
/// Runs the registered spiders: once (then stops the host with an exit code that says how it went), or each on its
/// cron schedule until the host stops. In schedule mode a spider still running when its next time comes is
/// skipped (and logged), and one spider finishing or failing never stops the others.
/// </summary>
internal sealed partial class ScraperHostedService(
    IEnumerable<SpiderType> spiderTypes,
    ISpiderRunner runner,
    RunHistory history,
    IOptions<ScraperHostOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<ScraperHostedService> logger,
    ScraperExitStatus? exitStatus = null,
    SpiderRuns? spiderRuns = null) : BackgroundService
{
    // Shared with the health checks and the status page when the container made it; a private one otherwise (tests).
    private readonly SpiderRuns _runs = spiderRuns ?? new SpiderRuns(timeProvider);
    private IReadOnlyList<(string Name, Type Type)> _spiders = [];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _spiders = SelectSpiders();
        foreach (var (name, _) in _spiders)
        {
            // Bind and validate now, so a bad value fails the start naming its key instead of failing a run later.
            runner.OptionsFor(name);
            _runs.Register(name, options.Value.ScheduleOf(name));
        }

        foreach (var run in await history.ReadLastAsync(options.Value.HistoryShown, cancellationToken).ConfigureAwait(false))
        {
            LogPastRun(run.Spider, run.StartedAt, run.EndedAt - run.StartedAt, run.Outcome, run.Items, run.Errors);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mode = ResolveMode();
        LogMode(mode, string.Join(", ", _spiders.Select(s => s.Name)));
        if (mode == ScraperRunMode.Once)
        {
            var results = await Task.WhenAll(_spiders.Select(s => _runs.TryStart(s.Name, token => RunSafelyAsync(s.Name, s.Type, token), stoppingToken)!)).ConfigureAwait(false);
            var exitCode = ExitCodeOf(results);
            var reason = Describe(results);
            exitStatus?.Set(exitCode, reason);
            Environment.ExitCode = exitCode;
            LogExit(exitCode, reason);
            lifetime.StopApplication();
            return;
        }

        // "Run now" (the status page) starts a run between scheduled ones; every run started is awaited below.
        var types = _spiders.ToDictionary(s => s.Name, s => s.Type, StringComparer.OrdinalIgnoreCase);
        _runs.AcceptRunNow(name => types.TryGetValue(name, out var type) ? _runs.TryStart(name, token => RunSafelyAsync(name, type, token), stoppingToken) : null);
        await Task.WhenAll(_spiders.Select(s => RunOnScheduleAsync(s.Name, s.Type, stoppingToken))).ConfigureAwait(false);
        await _runs.WhenIdleAsync().ConfigureAwait(false);
    }

    /// <summary>The schedule loop of one spider: wait for the next due time, run unless the last run is still going.</summary>
    internal async Task RunOnScheduleAsync(string name, Type type, CancellationToken stoppingToken)
    {
        var schedule = options.Value.ScheduleOf(name);
        if (schedule is null)
        {
            LogNoSchedule(name);
            return;
        }

        var cron = ScraperHostOptionsValidator.ParseCronOrThrow(schedule);
        var zone = ScraperHostOptionsValidator.FindTimeZone(options.Value.TimeZone) ?? TimeZoneInfo.Utc;
        var state = _runs.Find(name) ?? RegisterLate(name, schedule);
        try
        {
            while (cron.GetNextOccurrence(timeProvider.GetUtcNow(), zone) is { } due)
            {
                LogNextRun(name, due);
                state.Scheduled(due);
                var wait = due - timeProvider.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, stoppingToken).ConfigureAwait(false);
                }

                if (_runs.TryStart(name, token => RunSafelyAsync(name, type, token), stoppingToken) is null)
                {
                    LogSkipped(name, due);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        finally
        {
            state.EndLoop();
        }

        if (state.Current is { } current)
        {
            await current.ConfigureAwait(false);
        }
    }

    // A loop started without StartAsync (tests call RunOnScheduleAsync directly).
    private SpiderRunState RegisterLate(string name, string schedule)
    {
        _runs.Register(name, schedule);
        return _runs.Find(name)!;
    }

    private async Task<CrawlResult?> RunSafelyAsync(string name, Type type, CancellationToken stoppingToken)
    {
        try
        {
            return await runner.RunAsync(type, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: a run cut short is not a crash.
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRunCrashed(ex, name);
            return null;
        }
    }

    private IReadOnlyList<(string Name, Type Type)> SelectSpiders()
    {
        var all = spiderTypes.Select(t => (Name: runner.NameOf(t.Type), t.Type)).ToList();
        var host = options.Value;
        if (host.Spider is { } only)
        {
            var match = all.Where(s => string.Equals(s.Name, only, StringComparison.OrdinalIgnoreCase)).ToList();
            return match.Count > 0
                ? match
                : throw new OptionsValidationException(ScraperHostOptions.SectionName, typeof(ScraperHostOptions),
                    [$"Scraper:Spider '{only}' is not a registered spider (registered: {string.Join(", ", all.Select(s => s.Name))})."]);
        }

        return all.Where(s => host.For(s.Name).Enabled).ToList();
    }

    private ScraperRunMode ResolveMode() => options.Value.Mode switch
    {
        ScraperRunMode.Auto => _spiders.Any(s => options.Value.ScheduleOf(s.Name) is not null) ? ScraperRunMode.Schedule : ScraperRunMode.Once,
        var mode => mode,
    };

    private static int ExitCodeOf(CrawlResult?[] results) =>
        results.Any(r => r is null || r.Outcome == CrawlOutcome.Failed) ? ExitCodes.Failed
        : results.Any(r => r!.Outcome == CrawlOutcome.Cancelled) ? ExitCodes.Interrupted
        : ExitCodes.Success;

    private static string Describe(CrawlResult?[] results) => results.Length == 0
        ? "no spider to run"
        : string.Join("; ", results.Select(r => r is null
            ? "a spider crashed (see the error above)"
            : r.Error is null ? $"{r.Spider}: {r.Outcome}, {r.Stats.Items} items" : $"{r.Spider}: {r.Outcome}: {r.Error.Message}"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Past run: {Spider} at {StartedAt:u} took {Duration} -> {Outcome}, {Items} items, {Errors} errors")]
    private partial void LogPastRun(string spider, DateTimeOffset startedAt, TimeSpan duration, string outcome, long items, long errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running {Mode}: {Spiders}")]
    private partial void LogMode(ScraperRunMode mode, string spiders);

    [LoggerMessage(Level = LogLevel.Information, Message = "Spider {Spider}: next run at {Due:u}")]
    private partial void LogNextRun(string spider, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spider {Spider}: the run due at {Due:u} is skipped because the previous run is still going")]
    private partial void LogSkipped(string spider, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spider {Spider} has no schedule (set Scraper:Spiders:{Spider}:Schedule or Scraper:Schedule); it does not run in schedule mode")]
    private partial void LogNoSchedule(string spider);

    [LoggerMessage(Level = LogLevel.Error, Message = "Spider {Spider} crashed")]
    private partial void LogRunCrashed(Exception exception, string spider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exit code {ExitCode}: {Reason}")]
    private partial void LogExit(int exitCode, string reason);
}
