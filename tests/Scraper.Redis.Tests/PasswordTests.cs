namespace Scraper.Redis.Tests;

/// <summary>A redis-server that requires a password (requirepass), as the README tells users to run one.</summary>
public sealed class PasswordRedisServer : RedisServer
{
    public override string? Password => "correct-horse-battery";
}

public sealed class PasswordTests(PasswordRedisServer redis) : IClassFixture<PasswordRedisServer>
{
    [Fact]
    public async Task Connect_WithThePassword_WorksOnTheCrawl()
    {
        await using var crawl = await redis.ConnectAsync("t" + Guid.NewGuid().ToString("N"));
        await using var filter = crawl.CreateDuplicateFilter();

        Assert.True(await filter.TryAddAsync(new Scraper.Crawling.Scheduling.RequestFingerprint(1, 2)));
    }

    [Fact]
    public async Task Connect_WrongPassword_FailsNamingTheAddressButNotThePassword()
    {
        var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => RedisCrawl.ConnectAsync(
            new RedisCrawlOptions { Configuration = $"{redis.Address},password=wrong-guess-1234", Crawl = "books", ConnectTimeout = TimeSpan.FromSeconds(2) }));

        Assert.Contains(redis.Address, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-guess-1234", error.Message, StringComparison.Ordinal);
    }
}
