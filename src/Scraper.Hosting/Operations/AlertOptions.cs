namespace Scraper.Hosting.Operations;

/// <summary>When a finished run is worth an error line and a degraded readiness, bound from <c>Scraper:Alerts</c>.</summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section, under <c>Scraper</c>.</summary>
    public const string SectionName = "Alerts";

    /// <summary>
    /// Gets or sets the share of the previous successful run's items below which a run is reported (a site that changed
    /// its markup yields a fraction of the items and no error); 0 turns this alert off. A failed run is always reported.
    /// </summary>
    /// <value>The default value is 0.5.</value>
    public double MinItemsRatio { get; set; } = 0.5;
}
