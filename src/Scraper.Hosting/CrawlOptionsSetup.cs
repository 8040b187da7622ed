using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Scraper.Crawling;

namespace Scraper.Hosting;

/// <summary>
/// Binds a spider's crawl settings: the <c>Scraper</c> section first, then <c>Scraper:Spiders:&lt;name&gt;</c> over it.
/// Works for any spider name, so options need no registration per spider.
/// </summary>
internal sealed class CrawlOptionsSetup(IConfiguration section) : IConfigureNamedOptions<CrawlOptions>
{
    public void Configure(string? name, CrawlOptions options)
    {
        section.Bind(options);
        if (!string.IsNullOrEmpty(name))
        {
            section.GetSection("Spiders").GetSection(name).Bind(options);
        }
    }

    public void Configure(CrawlOptions options) => Configure(Options.DefaultName, options);
}
