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
