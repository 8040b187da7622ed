namespace Scraper.Cli.Tests;

public sealed class ShellTests
{
    [Fact]
    public async Task Shell_Selector_PrintsMatchesAndCount()
    {
        await using var site = await TestSite.StartAsync();

        var run = await CliRun.WithInputAsync("li.item\nquit\n", "shell", site.At("/").AbsoluteUri);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("[0] <li class=\"item\"><a href=\"/second\">Second page</a></li>", run.Out, StringComparison.Ordinal);
        Assert.Contains("2 match(es)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shell_TextAndAttr_PrintValues()
    {
        await using var site = await TestSite.StartAsync();

        var run = await CliRun.WithInputAsync("text h1.title\nattr li a href\n", "shell", site.At("/").AbsoluteUri);

        Assert.Contains("[0] Welcome\n1 value(s)", Lf(run.Out), StringComparison.Ordinal);
        Assert.Contains("[0] /second\n[1] third?x=1\n2 value(s)", Lf(run.Out), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shell_LinksThenFollowIndex_FetchesThroughSameSession()
    {
        await using var site = await TestSite.StartAsync();

        var run = await CliRun.WithInputAsync("fetch " + site.At("/login") + "\nfetch " + site.At("/") + "\nlinks\nfollow 1\ntext h1\n", "shell");

        Assert.Contains($"[1] {site.At("/third?x=1")}  Third", run.Out, StringComparison.Ordinal);
        Assert.Contains("2 link(s)", run.Out, StringComparison.Ordinal);
        Assert.Contains($"URL: {site.At("/third?x=1")}", run.Out, StringComparison.Ordinal);
        Assert.Contains("[0] Third", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shell_FollowRelativeUrl_ResolvesAgainstPage()
    {
        await using var site = await TestSite.StartAsync();

        var run = await CliRun.WithInputAsync("follow second\nh1\nstatus\n", "shell", site.At("/").AbsoluteUri);

        Assert.Contains("[0] <h1>Second</h1>", run.Out, StringComparison.Ordinal);
        Assert.Contains($"URL: {site.At("/second")}", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shell_BadInput_SaysWhyAndKeepsGoing()
    {
        await using var site = await TestSite.StartAsync();
        var closed = await TestSite.StartAsync();
        var gone = closed.At("/");
        await closed.DisposeAsync();

        var run = await CliRun.WithInputAsync($"[[[\nfollow 7\nattr a\nfetch {gone}\nh1.title\n", "shell", site.At("/").AbsoluteUri);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Not a valid selector", run.Out, StringComparison.Ordinal);
        Assert.Contains("No link [7]", run.Out, StringComparison.Ordinal);
        Assert.Contains("Usage: attr SELECTOR NAME", run.Out, StringComparison.Ordinal);
        Assert.Contains("scraper: The connection was refused", run.Out, StringComparison.Ordinal);
        // The failed fetch kept the page the user was on.
        Assert.Contains("[0] <h1 class=\"title\">Welcome</h1>", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shell_NoPageYet_AsksForFetch()
    {
        var run = await CliRun.WithInputAsync("h1\nhelp\n", "shell");

        Assert.Contains("No page yet", run.Out, StringComparison.Ordinal);
        Assert.Contains("follow N|URL", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shell_HeadersAndStatus_MaskCookieValues()
    {
        await using var site = await TestSite.StartAsync();

        var run = await CliRun.WithInputAsync("headers\n", "shell", site.At("/login").AbsoluteUri);

        Assert.Contains("Set-Cookie: sid=***; path=/", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", run.Out, StringComparison.Ordinal);
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
