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
}
