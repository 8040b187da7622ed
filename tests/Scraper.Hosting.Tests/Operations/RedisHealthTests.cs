using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scraper.Hosting.Operations;
using Scraper.Redis.Tests;

namespace Scraper.Hosting.Tests.Operations;

/// <summary>Readiness of a worker on a shared crawl: its Redis answers a PING, or the check says which Redis does not.</summary>
public sealed class RedisHealthTests
{
    private const string Password = "health-secret";

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext());

    private static SharedCrawl Shared(string? configuration) =>
        new(Options.Create(new ScraperHostOptions { Redis = configuration, Crawl = "health" }), TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task Readiness_RedisAnswers_IsHealthy_AndStopped_IsUnhealthyNamingTheAddressNotThePassword()
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        var address = redis.Address;
        await using var shared = Shared($"{address},password={Password}");
        try
        {
            await shared.ConnectAsync(CancellationToken.None);
            var check = new RedisHealthCheck(shared) { Timeout = TimeSpan.FromMilliseconds(500) };

            var up = await CheckAsync(check);
            Assert.Equal(HealthStatus.Healthy, up.Status);
            Assert.Contains(address, up.Description, StringComparison.Ordinal);

            await redis.DisposeAsync();
            var down = await CheckAsync(check);

            Assert.Equal(HealthStatus.Unhealthy, down.Status);
            Assert.Contains(address, down.Description, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, down.Description, StringComparison.Ordinal);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task Readiness_NotConnectedYet_IsUnhealthyNamingTheAddress_AndWithoutRedis_IsHealthy()
    {
        await using var notYet = Shared($"127.0.0.1:1,password={Password}");
        await using var none = Shared(null);

        var unready = await CheckAsync(new RedisHealthCheck(notYet));

        Assert.Equal(HealthStatus.Unhealthy, unready.Status);
        Assert.Contains("127.0.0.1:1", unready.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, unready.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(new RedisHealthCheck(none))).Status);
    }
}
