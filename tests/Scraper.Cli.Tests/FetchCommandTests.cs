namespace Scraper.Cli.Tests;

public sealed class FetchCommandTests
{
    [Fact]
    public async Task Fetch_LoopbackPage_BodyToStdoutStatusHeadersAndUrlToStderr()
    {
        await using var site = await TestSite.StartAsync();

        var run = await CliRun.RunAsync("fetch", site.At("/").AbsoluteUri);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(TestSite.Home, run.Body);
        Assert.StartsWith("200 OK", run.Error, StringComparison.Ordinal);
        Assert.Contains($"URL: {site.At("/")}", run.Error, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/html; charset=utf-8", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Fetch_Output_WritesBodyToFile()
    {
        await using var site = await TestSite.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"scraper-fetch-{Guid.NewGuid():N}.html");
        try
        {
            var run = await CliRun.RunAsync("fetch", site.At("/second").AbsoluteUri, "--output", file);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("<h1>Second</h1>", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
            Assert.Equal(string.Empty, run.Body);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Fetch_HeaderOption_IsSent()
    {
        await using var site = await TestSite.StartAsync();

        var run = await CliRun.RunAsync("fetch", "-H", "X-Test: hello there", site.At("/echo").AbsoluteUri);

        Assert.Equal("X-Test=hello there", run.Body);
    }

    [Theory]
    [InlineData("no colon")]
    [InlineData("X-Test: a\r\nInjected: b")]
    public async Task Fetch_InvalidHeader_OneLineAndExit1_H3(string header)
    {
        var run = await CliRun.RunAsync("fetch", "-H", header, "http://127.0.0.1:1/");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("scraper: ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Fetch_ConnectionRefused_OneLineAndExit1()
    {
        await using var site = await TestSite.StartAsync();
        var closed = site.Address;
        await site.DisposeAsync();

        var run = await CliRun.RunAsync("fetch", closed.AbsoluteUri);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches("^scraper: The connection was refused for .*\n$", run.Error.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetch_UnresolvableHost_OneLineAndExit1()
    {
        var run = await CliRun.RunAsync("fetch", "http://no-such-host.invalid/");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("scraper: The host name could not be resolved", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_Timeout_OneLineAndExit1()
    {
        await using var site = await TestSite.StartAsync();

        var run = await CliRun.RunAsync("fetch", "--timeout", "0.2", site.At("/hang").AbsoluteUri);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("scraper: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("timed out", run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Fetch_ErrorStatus_ExitsZeroUnlessFail()
    {
        await using var site = await TestSite.StartAsync();

        var plain = await CliRun.RunAsync("fetch", site.At("/missing").AbsoluteUri);
        var failing = await CliRun.RunAsync("fetch", "--fail", site.At("/missing").AbsoluteUri);

        Assert.Equal(0, plain.ExitCode);
        Assert.StartsWith("404", plain.Error, StringComparison.Ordinal);
        Assert.Equal(1, failing.ExitCode);
    }

    [Theory]
    [InlineData]
    [InlineData("fetch")]
    [InlineData("fetch", "http://a/", "--no-such-switch")]
    public async Task Fetch_BadCommandLine_Exits2(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Fetch_Session_ReusesSavedCookiesAndKeepsNewOnes_C10()
    {
        await using var site = await TestSite.StartAsync();
        var state = Path.Combine(Path.GetTempPath(), $"scraper-state-{Guid.NewGuid():N}");
        try
        {
            var login = await CliRun.RunAsync("fetch", "--state", state, "--session", "shop", site.At("/login").AbsoluteUri);
            var again = await CliRun.RunAsync("fetch", "--state", state, "--session", "shop", site.At("/whoami").AbsoluteUri);
            var other = await CliRun.RunAsync("fetch", "--state", state, site.At("/whoami").AbsoluteUri);

            Assert.Equal(0, login.ExitCode);
            Assert.True(File.Exists(Path.Combine(state, "sessions", "shop", "default.cookies.json")));
            Assert.Equal("sid=secret-value", again.Body);
            Assert.Equal("sid=none", other.Body);
            Assert.DoesNotContain("secret-value", login.Error, StringComparison.Ordinal);
            Assert.Contains("Set-Cookie: sid=***", login.Error, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }
}
