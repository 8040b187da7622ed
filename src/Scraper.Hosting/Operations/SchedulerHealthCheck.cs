using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Scraper.Hosting.Operations;

/// <summary>
/// Liveness: the host is not stopping, and no schedule loop is stuck (a spider whose next run is more than
/// <see cref="Grace"/> overdue while nothing of it runs means its loop no longer wakes up).
/// </summary>
internal sealed class SchedulerHealthCheck(SpiderRuns runs, IHostApplicationLifetime lifetime, TimeProvider timeProvider) : IHealthCheck
{
    /// <summary>The tag of the liveness checks.</summary>
    public const string Tag = "live";

    /// <summary>How late a due run may start before the loop counts as stuck.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the host is stopping"));
        }

        var now = timeProvider.GetUtcNow();
        var stuck = runs.Spiders.Where(s => s.NextDue is { } due && now - due > Grace && s.RunningSince is null).Select(s => $"{s.Name} (due {s.NextDue:u})").ToList();
        return Task.FromResult(stuck.Count == 0
            ? HealthCheckResult.Healthy($"{runs.Spiders.Count} spiders")
            : HealthCheckResult.Unhealthy($"schedule loop stuck: {string.Join(", ", stuck)}"));
    }
}
