using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Scraper.Crawling;

namespace Scraper.Hosting;

/// <summary>
/// Binds a spider's crawl settings: the <c>Scraper</c> section first, then <c>Scraper:Spiders:&lt;name&gt;</c> over it,
/// then the command line's values over the spider's (see <see cref="CommandLineOverrides"/>).
/// Works for any spider name, so options need no registration per spider.
/// </summary>
internal sealed class CrawlOptionsSetup(IConfiguration section, CommandLineOverrides commandLine) : IConfigureNamedOptions<CrawlOptions>
{
    public void Configure(string? name, CrawlOptions options)
    {
        section.Bind(options);
        if (!string.IsNullOrEmpty(name))
        {
            section.GetSection("Spiders").GetSection(name).Bind(options);
            commandLine.For(name).Bind(options);
        }
    }

    public void Configure(CrawlOptions options) => Configure(Options.DefaultName, options);
}
