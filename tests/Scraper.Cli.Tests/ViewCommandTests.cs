namespace Scraper.Cli.Tests;

public sealed class ViewCommandTests
{
    [Fact]
    public async Task View_Page_SavesDecodedHtmlWithBaseHrefAndPrintsPath()
    {
        await using var site = await TestSite.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"scraper-view-{Guid.NewGuid():N}.html");
        try
        {
            var run = await CliRun.RunAsync("view", site.At("/latin1").AbsoluteUri, "-o", file);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(file, run.Out.Trim());
            var html = await File.ReadAllTextAsync(file);
            // Decoded from ISO-8859-1 as the crawler does, saved as UTF-8 that says so, links pointing at the site.
            Assert.StartsWith($"<html><head><meta charset=\"utf-8\"><base href=\"{site.At("/latin1")}\"><title>café</title>", html, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task View_NoOutput_WritesTempFile()
    {
        await using var site = await TestSite.StartAsync();

        var run = await CliRun.RunAsync("view", site.At("/second").AbsoluteUri);

        var file = run.Out.Trim();
        try
        {
            Assert.StartsWith(Path.GetTempPath(), file, StringComparison.Ordinal);
            Assert.Contains("<h1>Second</h1>", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
