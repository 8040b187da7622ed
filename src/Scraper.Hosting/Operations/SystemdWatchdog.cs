using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Scraper.Hosting.Operations;

/// <summary>
/// Feeds systemd's watchdog (<c>WatchdogSec=</c> in the unit, which sets <c>WATCHDOG_USEC</c>) at half its interval
/// while the liveness checks pass; a stuck scheduler stops the feeding, and systemd restarts the service. Does
/// nothing outside systemd (no notify socket) or without a watchdog.
/// </summary>
internal sealed partial class SystemdWatchdog(
    HealthCheckService health,
    TimeProvider timeProvider,
    ILogger<SystemdWatchdog> logger,
    ISystemdNotifier? notifier = null,
    Func<string, string?>? environment = null) : BackgroundService
{
    private static readonly ServiceState Watchdog = new("WATCHDOG=1");

    /// <summary>Gets the watchdog's interval from the environment systemd set, or null when there is none for this process.</summary>
    internal static TimeSpan? IntervalOf(Func<string, string?> environment)
    {
        if (!long.TryParse(environment("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0)
        {
            return null;
        }

        // WATCHDOG_PID, when set, names the process meant: a child started by the service is not.
        if (environment("WATCHDOG_PID") is { Length: > 0 } pid && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (notifier is not { IsEnabled: true } || IntervalOf(environment ?? Environment.GetEnvironmentVariable) is not { } interval)
        {
            return;
        }

        LogWatchdog(interval.TotalSeconds);
        using var timer = new PeriodicTimer(interval / 2, timeProvider);
        try
        {
            do
            {
                var report = await health.CheckHealthAsync(check => check.Tags.Contains(SchedulerHealthCheck.Tag), stoppingToken).ConfigureAwait(false);
                if (report.Status == HealthStatus.Healthy)
                {
                    notifier.Notify(Watchdog);
                }
                else
                {
                    LogNotFed(report.Status, string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Description}")));
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feeding the systemd watchdog ({Seconds} s) while the scheduler is alive")]
    private partial void LogWatchdog(double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Not feeding the systemd watchdog: liveness is {Status}: {Reason}")]
    private partial void LogNotFed(HealthStatus status, string reason);
}
