using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Scraper.Crawling;

namespace Scraper.Hosting;

/// <summary>
/// Checks each spider's crawl settings at start. The error names the key where the bad value was set: the
/// spider's own section (<c>Scraper:Spiders:&lt;name&gt;:...</c>) when it set the key, otherwise <c>Scraper:...</c>.
/// </summary>
internal sealed class CrawlOptionsValidator(IConfiguration section) : IValidateOptions<CrawlOptions>
{
    public ValidateOptionsResult Validate(string? name, CrawlOptions options)
    {
        try
        {
            options.Validate(ScraperHostOptions.SectionName);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            var inSpiderSection = !string.IsNullOrEmpty(name) && ex.ParamName is { } key
                && section.GetSection($"Spiders:{name}:{key}").Exists();
            return ValidateOptionsResult.Fail(inSpiderSection
                ? ex.Message.Replace($"'{ScraperHostOptions.SectionName}:", $"'{ScraperHostOptions.SectionName}:Spiders:{name}:", StringComparison.Ordinal)
                : ex.Message);
        }
    }
}
