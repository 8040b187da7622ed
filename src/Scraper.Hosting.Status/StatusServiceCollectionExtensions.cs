using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scraper.Hosting;
using Scraper.Hosting.Status;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the worker's status page: <c>services.AddScraper(...).AddSpider&lt;ShopSpider&gt;().AddStatusPage()</c>.</summary>
public static class StatusServiceCollectionExtensions
{
    /// <summary>
    /// Adds the status page, served when <c>Scraper:Status:Url</c> is set (off otherwise): spiders, schedules, runs, live
    /// numbers, errors, "run now" and "stop", the workers of a shared crawl, and the health checks at <c>/healthz/live</c> and <c>/healthz/ready</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddScraper</c>.</param>
    /// <returns>The builder.</returns>
    public static IScraperBuilder AddStatusPage(this IScraperBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<StatusOptions>().BindConfiguration(StatusOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StatusOptions>, StatusOptionsValidator>());
        services.TryAddSingleton<StatusWorkers>();
        services.TryAddSingleton<StatusSnapshots>();
        services.TryAddSingleton<StatusServer>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusServer>());
        return builder;
    }
}
