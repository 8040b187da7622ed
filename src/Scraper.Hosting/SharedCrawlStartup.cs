using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Scraper.Hosting;

/// <summary>
/// Connects a worker to its shared crawl before any spider runs (Redis unreachable: the start fails, naming the
/// address), and refuses two spiders on one shared crawl: its frontier holds one spider's requests.
/// </summary>
internal sealed class SharedCrawlStartup(SharedCrawl shared, IOptions<ScraperHostOptions> options, IEnumerable<SpiderType> spiderTypes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!shared.Enabled)
        {
            return;
        }

        var host = options.Value;
        if (host.Spider is null && spiderTypes.Count() > 1)
        {
            throw new OptionsValidationException(ScraperHostOptions.SectionName, typeof(ScraperHostOptions),
                [$"Scraper:Crawl '{host.Crawl}' is shared by the workers of one spider, and this project registers {spiderTypes.Count()}: choose one with --spider NAME."]);
        }

        await shared.ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What <see cref="ScraperHost"/> runs before the host starts: the same checks, reported as one line.</summary>
    internal static Task ConnectAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetService<SharedCrawl>() is { } shared
            ? new SharedCrawlStartup(shared, services.GetRequiredService<IOptions<ScraperHostOptions>>(), services.GetServices<SpiderType>()).StartAsync(cancellationToken)
            : Task.CompletedTask;
}
