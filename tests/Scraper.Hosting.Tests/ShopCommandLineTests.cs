namespace Scraper.Hosting.Tests;

/// <summary>The Shop executable's command line, through the real process: help, unknown switches, bad values.</summary>
public sealed class ShopCommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scraper-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<ShopProcess.Result> RunAsync(params string[] args) =>
        ShopProcess.RunAsync(_directory, [$"--Scraper:StateDirectory={Path.Combine(_directory, "state")}", $"--Scraper:Output={Path.Combine(_directory, "items.jsonl")}", .. args]);

    [Theory]
    [InlineData("--help")]
    [InlineData("-?")]
    public async Task Help_ListsSwitchesAndKeysWithDefaultsAndStartsNothing(string help)
    {
        var result = await RunAsync(help);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("--output, -o FILE", result.Output, StringComparison.Ordinal);
        Assert.Contains("--url URL", result.Output, StringComparison.Ordinal);
        Assert.Contains("--redis HOST:PORT", result.Output, StringComparison.Ordinal);
        Assert.Contains("--crawl NAME", result.Output, StringComparison.Ordinal);
        Assert.Contains("--seed", result.Output, StringComparison.Ordinal);
        Assert.Contains("--worker NAME", result.Output, StringComparison.Ordinal);
        Assert.Contains("--redis-stream KEY", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"Scraper:ConcurrentRequests +16 \(here: 32\)", result.Output);
        Assert.Matches(@"Scraper:ShutdownTimeout +00:00:30", result.Output);
        Assert.Matches(@"Scraper:RedisRetryTimeout +00:02:00", result.Output);
        Assert.DoesNotContain("started", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "state")));
        Assert.False(File.Exists(Path.Combine(_directory, "items.jsonl")));
    }

    [Theory]
    [InlineData(new[] { "--outptu", "x.csv" }, "Unknown switch '--outptu'; did you mean '--output'?")]
    [InlineData(new[] { "--output" }, "'--output' needs a value")]
    [InlineData(new[] { "--Scraper:ConcurrentRequests=lots" }, "Scraper:ConcurrentRequests 'lots' is not a valid Int32")]
    [InlineData(new[] { "--Scraper:DownloadDelay=fast" }, "Scraper:DownloadDelay 'fast' is not a valid TimeSpan")]
    [InlineData(new[] { "--Scraper:Spiders:shop:MaxPages=many" }, "Scraper:Spiders:shop:MaxPages 'many' is not a valid Int64")]
    [InlineData(new[] { "--schedule", "every hour" }, "Scraper:Schedule 'every hour' is not a valid cron expression")]
    [InlineData(new[] { "--Serilog:MinimumLevel:Default=Loud" }, "Serilog:MinimumLevel:Default 'Loud' is not a log level")]
    [InlineData(new[] { "--crawl", "books" }, "Scraper:Crawl, Scraper:Seed and Scraper:RedisStream need Scraper:Redis")]
    [InlineData(new[] { "--redis-stream", "items" }, "Scraper:Crawl, Scraper:Seed and Scraper:RedisStream need Scraper:Redis")]
    [InlineData(new[] { "--redis", "127.0.0.1:1", "--crawl", "books", "--worker", " " }, "Scraper:Worker ' ' is not a worker name")]
    [InlineData(new[] { "--redis", "127.0.0.1:1", "--crawl", "books", "--Scraper:RedisLeaseTimeout=00:00:00.1" }, "Scraper:RedisLeaseTimeout 00:00:00.1000000 is too short")]
    [InlineData(new[] { "--redis", "127.0.0.1:1", "--crawl", "books", "--Scraper:RedisRetryTimeout=-00:00:01" }, "Scraper:RedisRetryTimeout -00:00:01 must not be negative")]
    [InlineData(new[] { "--redis", "127.0.0.1:1", "--crawl", "books", "--Scraper:RedisRetryTimeout=soon" }, "Scraper:RedisRetryTimeout 'soon' is not a valid TimeSpan")]
    [InlineData(new[] { "--redis", "127.0.0.1:1" }, "Scraper:Redis needs Scraper:Crawl")]
    [InlineData(new[] { "--redis", "127.0.0.1:1", "--crawl", "my books" }, "Scraper:Crawl 'my books' is not a crawl name")]
    [InlineData(new[] { "--redis", "127.0.0.1:1,password=hunter2", "--crawl", "books" }, "Redis at 127.0.0.1:1 cannot be reached")]
    public async Task BadCommandLineOrValue_ExitsTwoWithOneLineNamingItAndNoStackTrace(string[] args, string expected)
    {
        var result = await RunAsync(args);

        Assert.Equal(ExitCodes.InvalidConfiguration, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "items.jsonl")));
    }

    [Theory]
    [InlineData("Trace")]
    [InlineData("none")]
    public async Task LogLevel_EitherNamingIsAcceptedCaseInsensitively(string level)
    {
        var result = await RunAsync("--once", "--log-level", level, "--Scraper:MaxItems=2");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(_directory, "items.jsonl")), result.Output + result.Error);
        Assert.Equal(level == "none", !result.Output.Contains("INF", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Output_SwitchWinsOverASpidersOutputFromLowerLayers()
    {
        // The per-spider Output comes from the environment, a layer under the command line like the files.
        var csv = Path.Combine(_directory, "shop.csv");
        var result = await ShopProcess.RunAsync(
            _directory,
            new Dictionary<string, string> { ["Scraper__Spiders__shop__Output"] = Path.Combine(_directory, "from-env.jsonl") },
            "--once", "--Scraper:MaxItems=5", $"--Scraper:StateDirectory={Path.Combine(_directory, "state")}", "--output", csv);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.StartsWith("url,sku,", File.ReadLines(csv).First(), StringComparison.Ordinal);
        Assert.Equal(6, File.ReadLines(csv).Count(line => line.StartsWith("http", StringComparison.Ordinal)) + 1);
        Assert.False(File.Exists(Path.Combine(_directory, "from-env.jsonl")));
    }
}
