using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Scraper.Hosting.Operations;

/// <summary>Readiness: the state folder (job files, sessions, run history) can be written.</summary>
internal sealed class StoreHealthCheck(IOptions<ScraperHostOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var directory = options.Value.StateDirectory;
        var probe = Path.Combine(directory, ".health-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(probe, [], cancellationToken).ConfigureAwait(false);
            File.Delete(probe);
            return HealthCheckResult.Healthy($"{options.Value.Store} store in {Path.GetFullPath(directory)}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"the state folder {Path.GetFullPath(directory)} cannot be written: {ex.Message}");
        }
    }
}
