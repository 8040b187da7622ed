using System.Text;
using System.Text.Json;
using Scraper.Crawling;
using Scraper.Items;
using StackExchange.Redis;

namespace Scraper.Redis.Tests;

/// <summary>A Redis restart in the middle of a crawl: the workers retry, reconnect and go on, and nothing is lost.</summary>
public sealed class RedisRestartTests : IAsyncLifetime
{
    // A server of this class alone: it is stopped and started again, with its data in an append-only file.
    private readonly RedisServer _redis = new() { AppendOnly = true };
    private readonly string _crawl = "r" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Restart_RedisStopsWhileTwoWorkersHaveRequestsInFlight_TheyRetryAndEveryPageArrivesOnceInTheOutput()
    {
        await using var site = new SharedSite { Pages = 40, Gate = new TaskCompletionSource() };
        await site.StartAsync();
        await using var first = await _redis.ConnectAsync(_crawl, worker: "w0", leaseTimeout: TimeSpan.FromSeconds(10));
        await using var second = await _redis.ConnectAsync(_crawl, worker: "w1", leaseTimeout: TimeSpan.FromSeconds(10));
        using var firstOutput = new MemoryStream();
        using var secondOutput = new MemoryStream();
        var runs = new[] { RunAsync(first, site, firstOutput), RunAsync(second, site, secondOutput) };

        // Pages held at the site, so the workers hold leases and politeness places when Redis goes away.
        await site.WaitForGatedAsync(4);
        var retried = Task.WhenAny(first.Retry.Retried.Next, second.Retry.Retried.Next);
        await _redis.RestartAsync(whileDown: async () =>
        {
            // The answers arrive while Redis is down: their links, items and acknowledgements must wait for it.
            site.Gate!.SetResult();
            await retried.WaitAsync(TimeSpan.FromSeconds(10));
        });
        var results = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, result => Assert.Equal(CrawlOutcome.Completed, result.Outcome));
        Assert.True(first.CommandRetries + second.CommandRetries > 0);
        var items = Paths(firstOutput).Concat(Paths(secondOutput)).ToList();
        Assert.Equal(site.PagePaths.Order(StringComparer.Ordinal), items.Order(StringComparer.Ordinal));
        Assert.All(site.Hits, hit => Assert.Equal(1, hit.Value));
    }

    [Fact]
    public void IsTransient_ConnectionTimeoutAndLoading_AreRetried_AndAWrongPasswordOrAScriptErrorAreNot()
    {
        Assert.True(RedisRetry.IsTransient(new RedisConnectionException(ConnectionFailureType.SocketClosed, CommandFlags.None, "closed", null, CommandStatus.Sent)));
        Assert.True(RedisRetry.IsTransient(new RedisTimeoutException(CommandFlags.None, "timeout", CommandStatus.Sent)));
        Assert.True(RedisRetry.IsTransient(new RedisServerException(RedisErrorKind.Loading, CommandFlags.None, "LOADING Redis is loading the dataset in memory")));
        Assert.True(RedisRetry.IsTransient(new RedisServerException(RedisErrorKind.ReadOnly, CommandFlags.None, "READONLY You can't write against a read only replica.")));
        Assert.False(RedisRetry.IsTransient(new RedisConnectionException(ConnectionFailureType.AuthenticationFailure, CommandFlags.None, "WRONGPASS", null, CommandStatus.Sent)));
        Assert.False(RedisRetry.IsTransient(new RedisServerException(RedisErrorKind.UnknownError, CommandFlags.None, "ERR Error running script")));
        Assert.False(RedisRetry.IsTransient(new InvalidOperationException("a bug")));
    }

    private static async Task<CrawlResult> RunAsync(RedisCrawl connection, SharedSite site, Stream output)
    {
        await using var exporter = new JsonLinesExporter(output);
        var options = new CrawlOptions { ObeyRobotsTxt = false, RandomizeDelay = false, StatsInterval = TimeSpan.FromHours(1), ConcurrentRequestsPerDomain = 4 };
        var services = WorkerServices.Of(connection);
        services.Exporters.Add(exporter);
        return await new Crawler(new PageSpider(site.Address), options, services).RunAsync();
    }

    private static IEnumerable<string> Paths(MemoryStream output) =>
        Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("path").GetString() ?? "");

    private sealed class PageSpider(Uri start) : Spider
    {
        public override IEnumerable<string> StartUrls => [start.AbsoluteUri];

        public override IEnumerable<object> Parse(Response response) =>
            [new Dictionary<string, string> { ["path"] = response.Url.AbsolutePath }, .. response.FollowAll("a")];
    }
}
