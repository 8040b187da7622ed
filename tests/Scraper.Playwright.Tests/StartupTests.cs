using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scraper.Crawling;

namespace Scraper.Playwright.Tests;

/// <summary>A Chromium that is missing, is not a Chromium, or is older than the oldest verified: a clear error at start naming the setting.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("156.0.8078.114", 156, true)]
    [InlineData("157.0.1.2", 156, true)]
    [InlineData("120.0.6099.224", 156, false)]
    [InlineData("HeadlessChrome", 156, false)]
    public void ChromiumVersion_Check_AcceptsTheMinimumAndNewer(string reported, int minimum, bool supported)
    {
        Assert.Equal(supported, ChromiumVersion.Check(reported, minimum) is null);
    }

    [Fact]
    public async Task StartAsync_ChromiumOlderThanTheMinimum_ErrorNamesTheExecutablePathSettingAndTheVersion()
    {
        await using var handler = new PlaywrightDownloadHandler(new PlaywrightOptions { MinimumChromiumVersion = 9999 });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => handler.StartAsync());

        Assert.Contains("Scraper:Playwright:ExecutablePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("older than the oldest supported (9999)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ExecutableIsNotAChromium_ErrorNamesTheExecutablePathSetting()
    {
        await using var handler = new PlaywrightDownloadHandler(new PlaywrightOptions { ExecutablePath = "/bin/true" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => handler.StartAsync());

        Assert.Contains("Scraper:Playwright:ExecutablePath = '/bin/true' did not start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ChromiumWillNotStart_EveryRenderedRequestFailsWithTheReasonAndTheCrawlGoesOn()
    {
        await using var site = await JsSite.StartAsync();
        await using var handler = new PlaywrightDownloadHandler(new PlaywrightOptions { ExecutablePath = "/bin/true" });
        var rendered = Enumerable.Range(1, 3).Select(i => new Request(site.At("/plain?i=" + i), _ => []) { Retry = false }.Rendered());
        var plain = false;
        var http = new Request(site.At("/plain"), _ =>
        {
            plain = true;
            return [];
        });

        var result = await new Crawler(new BrowserFixture.RequestsSpider([.. rendered, http]), BrowserFixture.Options(), new CrawlerServices { DownloadHandlers = { handler } }).RunAsync();

        Assert.Equal(3, result.Stats.Errors["RenderFailedException"]);
        Assert.True(plain);
        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
    }

    [Fact]
    public async Task AddPlaywright_UnsupportedChromium_HostStartingFailsNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddScraper(new ConfigurationBuilder().Build()).AddPlaywright(configure: options => options.MinimumChromiumVersion = 9999);
        await using var provider = services.BuildServiceProvider();
        // Registered as a hosted service; built here alone, without the rest of a host.
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PlaywrightStartupCheck));
        var check = new PlaywrightStartupCheck(provider.GetRequiredService<IOptions<PlaywrightOptions>>());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartingAsync(CancellationToken.None));

        Assert.Contains("Scraper:Playwright:ExecutablePath", error.Message, StringComparison.Ordinal);
    }
}
