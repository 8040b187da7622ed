namespace Scraper.Cli.Tests;

public sealed class HelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("fetch", "-h")]
    [InlineData("check", "--help")]
    public async Task Help_AnyCommand_ExitsZeroAndShowsScraperUsage(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Out, StringComparison.Ordinal);
        Assert.Contains("  scraper ", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Root_ListsEveryCommand()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.All(["fetch", "shell", "view", "new", "genspider", "crawl", "check"], command =>
            Assert.Contains($"  {command} ", run.Out, StringComparison.Ordinal));
    }
}
