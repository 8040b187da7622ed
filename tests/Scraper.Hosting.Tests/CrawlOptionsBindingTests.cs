using Microsoft.Extensions.Configuration;
using Scraper.Crawling;

namespace Scraper.Hosting.Tests;

public sealed class CrawlOptionsBindingTests
{
    [Fact]
    public void Configuration_FingerprintIncludesSessionBindsForAllSpidersAndPerSpider()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FingerprintIncludesSession"] = "false",
            ["Spiders:accounts:FingerprintIncludesSession"] = "true",
        }).Build();
        var setup = new CrawlOptionsSetup(configuration);
        CrawlOptions shop = new(), accounts = new();

        setup.Configure("shop", shop);
        setup.Configure("accounts", accounts);

        Assert.True(new CrawlOptions().FingerprintIncludesSession);
        Assert.False(shop.FingerprintIncludesSession);
        Assert.True(accounts.FingerprintIncludesSession);
    }

    [Fact]
    public void Configuration_T1_ScraperRetryIsTheOnePolicyOfTheEngineAndTheSpidersSessions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retry:MaxRetries"] = "5",
            ["Retry:MaxRetryAfter"] = "00:00:20",
            ["Retry:StatusCodes:0"] = "403",
            ["Spiders:accounts:Retry:MaxRetries"] = "1",
        }).Build();
        var setup = new CrawlOptionsSetup(configuration);
        CrawlOptions shop = new(), accounts = new();

        setup.Configure("shop", shop);
        setup.Configure("accounts", accounts);

        Assert.Same(shop.Retry, shop.Session.Retry);
        Assert.Equal(5, shop.Session.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(20), shop.Session.Retry.MaxRetryAfter);
        Assert.Contains(403, shop.Retry.StatusCodes);
        Assert.Contains(522, shop.Retry.StatusCodes);
        Assert.Equal(1, accounts.Session.Retry.MaxRetries);
    }

    [Theory]
    [InlineData("MaxRetries", "Scraper:MaxRetries", "Scraper:Retry:MaxRetries")]
    [InlineData("RetryDelay", "Scraper:RetryDelay", "Scraper:Retry:BaseDelay")]
    [InlineData("MaxRetryDelay", "Scraper:MaxRetryDelay", "Scraper:Retry:MaxDelay")]
    [InlineData("MaxRetryAfter", "Scraper:MaxRetryAfter", "Scraper:Retry:MaxRetryAfter")]
    [InlineData("RetryStatusCodes:0", "Scraper:RetryStatusCodes", "Scraper:Retry:StatusCodes")]
    [InlineData("Session:Retry:MaxRetries", "Scraper:Session:Retry", "'Scraper:Retry'")]
    [InlineData("Spiders:shop:MaxRetries", "Scraper:Spiders:shop:MaxRetries", "Scraper:Spiders:shop:Retry:MaxRetries")]
    public void Validate_T1_AnOldRetryKeyFailsNamingItsKeyInTheOnePolicy(string key, string named, string replacement)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = "1" }).Build();

        var result = new CrawlOptionsValidator(configuration).Validate("shop", new CrawlOptions());

        Assert.True(result.Failed);
        Assert.Contains($"'{named}'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(replacement, result.FailureMessage, StringComparison.Ordinal);
    }
}
