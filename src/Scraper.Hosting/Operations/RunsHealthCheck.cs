using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Scraper.Hosting.Operations;

/// <summary>Readiness: the last run of each spider did not fail and returned about as many items as the one before (see <see cref="RunAlerts"/>).</summary>
internal sealed class RunsHealthCheck(RunAlerts alerts) : IHealthCheck
{
    /// <summary>The tag of the readiness checks.</summary>
    public const string Tag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = (await alerts.ProblemsAsync(cancellationToken).ConfigureAwait(false)).Where(p => p.Value is not null).ToList();
        return problems.Count == 0
            ? HealthCheckResult.Healthy("every spider's last run was fine")
            : HealthCheckResult.Degraded(string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value}")));
    }
}
