using Microsoft.Extensions.Options;
using Scraper.Crawling.Downloading.HttpCache;

namespace Scraper.Hosting;

/// <summary>Checks the HTTP cache settings at start, naming the key (<c>Scraper:HttpCache:...</c>) of the bad value.</summary>
internal sealed class HttpCacheOptionsValidator : IValidateOptions<HttpCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpCacheOptions options)
    {
        try
        {
            options.Validate($"{ScraperHostOptions.SectionName}:{HttpCacheOptions.SectionName}");
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
