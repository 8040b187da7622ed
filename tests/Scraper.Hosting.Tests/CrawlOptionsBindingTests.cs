using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
        var setup = new CrawlOptionsSetup(configuration, new CommandLineOverrides(configuration, configuration));
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
        var setup = new CrawlOptionsSetup(configuration, new CommandLineOverrides(configuration, configuration));
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

public sealed class CommandLinePrecedenceTests
{
    // A files layer (with a per-spider section) under a command line, as a host layers them.
    private static ServiceProvider Build(params string[] args)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scraper:Output"] = "from-file.jsonl",
            ["Scraper:MaxPages"] = "10",
            ["Scraper:Spiders:shop:Output"] = "output/shop-from-file.jsonl",
            ["Scraper:Spiders:shop:MaxPages"] = "20",
            ["Scraper:Spiders:shop:MaxDepth"] = "3",
        });
        configuration.AddCommandLine(ScraperCommandLine.Parse(args).Args);
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddScraper(configuration.GetSection(ScraperHostOptions.SectionName));
        return services.BuildServiceProvider();
    }

    [Fact]
    public void CommandLine_OutputSwitchWinsOverASpidersOutputFromAFile()
    {
        using var services = Build("--output", "output/shop.csv");

        Assert.Equal("output/shop.csv", services.GetRequiredService<IOptions<ScraperHostOptions>>().Value.OutputTemplateOf("shop"));
    }

    [Fact]
    public void CommandLine_WithoutSwitchesTheSpidersOwnSectionWins()
    {
        using var services = Build();

        Assert.Equal("output/shop-from-file.jsonl", services.GetRequiredService<IOptions<ScraperHostOptions>>().Value.OutputTemplateOf("shop"));
        Assert.Equal(20, services.GetRequiredService<IOptionsFactory<CrawlOptions>>().Create("shop").MaxPages);
    }

    [Fact]
    public void CommandLine_SectionWideKeyWinsOverTheSpidersFileValueButNotOverItsOwnCommandLineKey()
    {
        using var services = Build("--Scraper:MaxPages=5", "--Scraper:MaxDepth=7", "--Scraper:Spiders:shop:MaxDepth=9");

        var shop = services.GetRequiredService<IOptionsFactory<CrawlOptions>>().Create("shop");
        Assert.Equal(5, shop.MaxPages);
        Assert.Equal(9, shop.MaxDepth);
        Assert.Equal(5, services.GetRequiredService<IOptionsFactory<CrawlOptions>>().Create("books").MaxPages);
    }
}
