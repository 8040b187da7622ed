using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scraper.Crawling.Downloading;

namespace Scraper.Playwright.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task AddPlaywright_BindsTheSectionAndAddsTheHandlerToEachRun()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Playwright:MaxPages"] = "2",
            ["Playwright:Args:0"] = "--disable-gpu",
        }).Build();
        var services = new ServiceCollection();
        services.AddScraper(configuration.GetSection("Scraper")).AddPlaywright(configuration.GetSection("Playwright"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PlaywrightOptions>>().Value;
        await using var scope = provider.CreateAsyncScope();

        Assert.Equal(2, options.MaxPages);
        Assert.Equal(["--disable-gpu"], options.Args);
        Assert.IsType<PlaywrightDownloadHandler>(Assert.Single(scope.ServiceProvider.GetServices<IDownloadHandler>()));
    }

    [Fact]
    public async Task AddPlaywright_ChromiumMissing_FailsValidationNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddScraper(new ConfigurationBuilder().Build()).AddPlaywright(configure: options => options.ExecutablePath = "no-such-chromium-here");
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PlaywrightOptions>>().Value);

        Assert.Contains("Scraper:Playwright:ExecutablePath", error.Message, StringComparison.Ordinal);
    }
}
