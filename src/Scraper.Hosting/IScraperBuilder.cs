using Microsoft.Extensions.DependencyInjection;

namespace Scraper.Hosting;

/// <summary>Chains the registration of spiders, pipelines and exporters after <c>services.AddScraper(...)</c>.</summary>
public interface IScraperBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }
}
