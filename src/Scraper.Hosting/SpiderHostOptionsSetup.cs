using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Scraper.Hosting;

/// <summary>Lays the command line over each spider's host settings, so <c>--output</c> beats a spider's <c>Output</c> from a file.</summary>
internal sealed class SpiderHostOptionsSetup(CommandLineOverrides commandLine) : IPostConfigureOptions<ScraperHostOptions>
{
    public void PostConfigure(string? name, ScraperHostOptions options)
    {
        foreach (var (spider, spiderOptions) in options.Spiders)
        {
            commandLine.For(spider).Bind(spiderOptions);
        }
    }
}
