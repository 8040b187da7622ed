using Microsoft.Extensions.Configuration;

namespace Scraper.Hosting.Tests;

public sealed class CommandLineTests
{
    private static IConfiguration Parse(params string[] args)
    {
        var (normalized, mappings) = ScraperCommandLine.Normalize(args, new Dictionary<string, string> { ["--url"] = "Shop:BaseUrl" });
        return new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Scraper:Output"] = "from-file.jsonl", ["Scraper:Mode"] = "Auto" })
            .AddCommandLine(normalized, mappings)
            .Build();
    }

    [Fact]
    public void CommandLine_ShortSwitchesMapToTheirKeysAndWinOverFiles()
    {
        var configuration = Parse("--output", "items.csv", "--spider", "shop", "--once", "--schedule", "*/5 * * * *", "--log-level", "Debug", "--url", "https://shop.example/");

        Assert.Equal("items.csv", configuration["Scraper:Output"]);
        Assert.Equal("shop", configuration["Scraper:Spider"]);
        Assert.Equal("Once", configuration["Scraper:Mode"]);
        Assert.Equal("*/5 * * * *", configuration["Scraper:Schedule"]);
        Assert.Equal("Debug", configuration["Serilog:MinimumLevel:Default"]);
        Assert.Equal("https://shop.example/", configuration["Shop:BaseUrl"]);
    }

    [Fact]
    public void CommandLine_CacheSwitchTurnsTheHttpCacheOn()
    {
        var configuration = Parse("--cache", "--Scraper:HttpCache:Policy=Rfc9111");

        Assert.Equal("true", configuration["Scraper:HttpCache:Enabled"]);
        Assert.Equal("Rfc9111", configuration["Scraper:HttpCache:Policy"]);
        Assert.Null(Parse("--once")["Scraper:HttpCache:Enabled"]);
    }

    [Fact]
    public void CommandLine_FullKeysWorkToo()
    {
        var configuration = Parse("--Scraper:MaxPages=50", "-o", "x.json");

        Assert.Equal("50", configuration["Scraper:MaxPages"]);
        Assert.Equal("x.json", configuration["Scraper:Output"]);
        Assert.Equal("Auto", configuration["Scraper:Mode"]);
    }
}
