namespace Scraper.Hosting;

/// <summary>Host settings of one spider (<c>Scraper:Spiders:&lt;name&gt;</c>); its crawl settings sit beside them.</summary>
public sealed class SpiderHostOptions
{
    /// <summary>Gets or sets a value indicating whether the spider runs.</summary>
    /// <value>The default value is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the spider's cron schedule (5 fields, for example <c>0 */6 * * *</c>, or 6 with seconds first); the global one when null.</summary>
    public string? Schedule { get; set; }

    /// <summary>Gets or sets the spider's items file; the global <see cref="ScraperHostOptions.Output"/> when null.</summary>
    public string? Output { get; set; }
}
