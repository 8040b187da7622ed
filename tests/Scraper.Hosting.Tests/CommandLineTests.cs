using Microsoft.Extensions.Configuration;
using Shop;

namespace Scraper.Hosting.Tests;

public sealed class CommandLineTests
{
    private static IConfiguration Parse(params string[] args)
    {
        var parsed = ScraperCommandLine.Parse(args, ShopHost.Switches);
        Assert.Null(parsed.Error);
        return new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Scraper:Output"] = "from-file.jsonl", ["Scraper:Mode"] = "Auto" })
            .AddCommandLine(parsed.Args)
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

public sealed class CommandLineParseTests
{
    [Fact]
    public void Parse_RewritesEverySwitchIntoKeyValueForm()
    {
        var parsed = ScraperCommandLine.Parse(["-o", "a.csv", "--once", "--log-level=trace", "Scraper:MaxPages=3", "/spider", "shop", "--environment", "Production"]);

        Assert.Null(parsed.Error);
        Assert.Equal(["--Scraper:Output=a.csv", "--Scraper:Mode=Once", "--Serilog:MinimumLevel:Default=Verbose", "--Scraper:MaxPages=3", "--Scraper:Spider=shop", "--environment=Production"], parsed.Args);
    }

    [Fact]
    public void Parse_ExtraSwitchIsOneLineAndShowsInTheHelp()
    {
        var parsed = ScraperCommandLine.Parse(["--job", "nightly", "--help"], [new ScraperSwitch("--job", "Scraper:Job", "NAME", "the job to resume")]);
        using var output = new StringWriter();

        Assert.Equal(ExitCodes.Success, parsed.Exit(output, TextWriter.Null));
        Assert.Contains("--Scraper:Job=nightly", parsed.Args);
        Assert.Contains("--job NAME", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--once=yes", "'--once' takes no value")]
    [InlineData("--spidr", "did you mean '--spider'?")]
    [InlineData("--Scraper:MaxPages", "'--Scraper:MaxPages' needs a value")]
    [InlineData("--verbose", "Unknown switch '--verbose'")]
    [InlineData("stray", "Unexpected argument 'stray'")]
    [InlineData("--log-level=loud", "--log-level: 'loud' is not a log level")]
    [InlineData("-h2", "Unknown switch '-h2'")]
    public void Parse_BadSwitchIsOneLineAndExitsTwo(string arg, string expected)
    {
        var parsed = ScraperCommandLine.Parse([arg]);
        using var error = new StringWriter();

        Assert.Equal(ExitCodes.InvalidConfiguration, parsed.Exit(TextWriter.Null, error));
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }
}
