using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Scraper.Hosting.Operations;

/// <summary>
/// Readiness of a worker on a shared crawl (<c>--redis</c>): its Redis answers a PING within <see cref="Timeout"/>.
/// Unhealthy, naming the address (never the password), when it does not: the worker cannot take or finish work then,
/// and its commands wait in their retries. Healthy without a shared crawl.
/// </summary>
internal sealed class RedisHealthCheck(SharedCrawl shared) : IHealthCheck
{
    /// <summary>Gets or sets how long the PING may take: short, a probe must not hang on a Redis that is away.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!shared.Enabled)
        {
            return HealthCheckResult.Healthy("no shared crawl (Scraper:Redis is not set)");
        }

        if (shared.Connected is not { } crawl)
        {
            return HealthCheckResult.Unhealthy($"not connected to Redis at {shared.Address} yet");
        }

        try
        {
            var roundTrip = await crawl.PingAsync(Timeout, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Redis at {crawl.Address} answers in {roundTrip.TotalMilliseconds:F1} ms");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis at {crawl.Address} did not answer a PING within {Timeout.TotalSeconds:0.###} s");
        }
        catch (RedisException ex)
        {
            // The kind of failure only: the client's message may quote its configuration.
            return HealthCheckResult.Unhealthy($"Redis at {crawl.Address} cannot be reached ({(ex as RedisConnectionException)?.FailureType.ToString() ?? ex.GetType().Name})");
        }
    }
}
