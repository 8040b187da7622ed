using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Scraper.Crawling;

namespace Scraper.Hosting;

/// <summary>
/// Checks each spider's crawl settings at start. The error names the key where the bad value was set: the
/// spider's own section (<c>Scraper:Spiders:&lt;name&gt;:...</c>) when it set the key, otherwise <c>Scraper:...</c>.
/// A key of the two retry systems there used to be is an error naming its key in the one policy, <c>Scraper:Retry</c>:
/// the binder would otherwise ignore it and the crawl would run with a policy its owner did not choose.
/// </summary>
internal sealed class CrawlOptionsValidator(IConfiguration section) : IValidateOptions<CrawlOptions>
{
    /// <summary>The keys retries were set by before <c>Scraper:Retry</c>, and what replaced each.</summary>
    private static readonly (string Old, string New)[] RetiredRetryKeys =
    [
        ("MaxRetries", "Retry:MaxRetries"),
        ("RetryDelay", "Retry:BaseDelay"),
        ("MaxRetryDelay", "Retry:MaxDelay"),
        ("MaxRetryAfter", "Retry:MaxRetryAfter"),
        ("RetryStatusCodes", "Retry:StatusCodes"),
        ("Session:Retry", "Retry"),
    ];

    public ValidateOptionsResult Validate(string? name, CrawlOptions options)
    {
        if (RetiredRetryKey(name) is { } retired)
        {
            return ValidateOptionsResult.Fail(retired);
        }

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

    private string? RetiredRetryKey(string? name)
    {
        var prefixes = string.IsNullOrEmpty(name) ? [string.Empty] : new[] { string.Empty, $"Spiders:{name}:" };
        foreach (var prefix in prefixes)
        {
            foreach (var (old, replacement) in RetiredRetryKeys)
            {
                if (section.GetSection(prefix + old).Exists())
                {
                    var root = ScraperHostOptions.SectionName + ":" + prefix;
                    return $"Configuration key '{root}{old}' is no longer read: sessions and the engine share one retry policy, set '{root}{replacement}' instead.";
                }
            }
        }

        return null;
    }
}
