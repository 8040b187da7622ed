using Microsoft.Extensions.Configuration;
using Scraper.Redis;

namespace Scraper.Hosting.Tests;

/// <summary>The hosting keys of a shared crawl reach the worker's <see cref="RedisCrawlOptions"/>.</summary>
public sealed class SharedCrawlOptionsTests
{
    [Fact]
    public void RedisRetryTimeout_FromConfiguration_IsTheWorkersRetryBudget()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scraper:Redis"] = "127.0.0.1:6379",
            ["Scraper:Crawl"] = "books",
            ["Scraper:RedisRetryTimeout"] = "00:00:07",
        }).Build();
        var host = configuration.GetSection(ScraperHostOptions.SectionName).Get<ScraperHostOptions>()!;

        var options = SharedCrawl.OptionsOf(host);

        Assert.Equal(TimeSpan.FromSeconds(7), options.RetryTimeout);
        Assert.Null(SharedCrawl.Check(host));
    }

    [Fact]
    public void RedisRetryTimeout_Default_IsTheLibrarysAndZeroIsAccepted()
    {
        var host = new ScraperHostOptions { Redis = "127.0.0.1:6379", Crawl = "books" };

        Assert.Equal(new RedisCrawlOptions().RetryTimeout, SharedCrawl.OptionsOf(host).RetryTimeout);
        host.RedisRetryTimeout = TimeSpan.Zero;
        Assert.Null(SharedCrawl.Check(host));
        SharedCrawl.OptionsOf(host).Validate();
    }

    [Fact]
    public void RedisPrefetch_FromConfiguration_IsTheWorkersBatchAndTheDefaultIsTheLibrarys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scraper:Redis"] = "127.0.0.1:6379",
            ["Scraper:Crawl"] = "books",
            ["Scraper:RedisPrefetch"] = "4",
        }).Build();
        var host = configuration.GetSection(ScraperHostOptions.SectionName).Get<ScraperHostOptions>()!;

        Assert.Equal(4, SharedCrawl.OptionsOf(host).Prefetch);
        Assert.Null(SharedCrawl.Check(host));
        Assert.Equal(new RedisCrawlOptions().Prefetch, SharedCrawl.OptionsOf(new ScraperHostOptions { Redis = "127.0.0.1:6379", Crawl = "books" }).Prefetch);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void RedisPrefetch_OutOfRange_IsRefusedAtStartNamingTheKey(int prefetch)
    {
        var host = new ScraperHostOptions { Redis = "127.0.0.1:6379", Crawl = "books", RedisPrefetch = prefetch };

        Assert.Contains("Scraper:RedisPrefetch", SharedCrawl.Check(host), StringComparison.Ordinal);
    }
}
