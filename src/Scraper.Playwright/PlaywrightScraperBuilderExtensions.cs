using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Crawling.Downloading;
using Scraper.Hosting;

namespace Scraper.Playwright;

/// <summary>Adds browser rendering to a hosted Scraper: <c>services.AddScraper(config).AddPlaywright(config.GetSection("Playwright"))</c>.</summary>
public static class PlaywrightScraperBuilderExtensions
{
    /// <summary>
    /// Adds the Playwright download handler to every crawl: a new handler (and so one browser) per run, closed with
    /// the run's scope. The settings are checked when the host starts, and Chromium is launched once then to check
    /// it (<see cref="PlaywrightOptions.CheckAtStart"/>), so a missing or unsupported Chromium fails at once.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The section to bind <see cref="PlaywrightOptions"/> from; none when null.</param>
    /// <param name="configure">Changes the settings after binding.</param>
    /// <returns>The builder.</returns>
    public static IScraperBuilder AddPlaywright(this IScraperBuilder builder, IConfiguration? configuration = null, Action<PlaywrightOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<PlaywrightOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PlaywrightOptions>, PlaywrightOptionsValidator>();
        builder.Services.AddHostedService<PlaywrightStartupCheck>();
        builder.Services.AddTransient<IDownloadHandler>(provider => new PlaywrightDownloadHandler(
            provider.GetRequiredService<IOptions<PlaywrightOptions>>().Value,
            provider.GetService<ILogger<PlaywrightDownloadHandler>>()));
        return builder;
    }

    /// <summary>Runs <see cref="PlaywrightOptions.Validate"/> when the host starts.</summary>
    private sealed class PlaywrightOptionsValidator : IValidateOptions<PlaywrightOptions>
    {
        public ValidateOptionsResult Validate(string? name, PlaywrightOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (InvalidOperationException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
