namespace Scraper.Hosting;

/// <summary>
/// How the host runs spiders, bound from the <c>Scraper</c> configuration section (the crawl settings in the same
/// section are bound to <see cref="Scraper.Crawling.CrawlOptions"/>).
/// </summary>
public sealed class ScraperHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scraper";

    /// <summary>Gets or sets whether spiders run once or on their schedules.</summary>
    /// <value>The default value is <see cref="ScraperRunMode.Auto"/>: on schedules when any enabled spider has one, otherwise once.</value>
    public ScraperRunMode Mode { get; set; } = ScraperRunMode.Auto;

    /// <summary>Gets or sets the one spider to run (<c>--spider</c>); all registered spiders when null.</summary>
    public string? Spider { get; set; }

    /// <summary>Gets or sets the items file of the spiders that set none (<c>--output</c>); the format follows the extension (.jsonl, .csv, .json).</summary>
    /// <value>The default value is <c>output/{spider}.jsonl</c>.</value>
    public string Output { get; set; } = "output/{spider}.jsonl";

    /// <summary>Gets or sets the cron schedule of the spiders that set none (<c>--schedule</c>), in cron syntax: 5 fields, or 6 with seconds first.</summary>
    public string? Schedule { get; set; }

    /// <summary>Gets or sets the time zone schedules are read in (an IANA or Windows id).</summary>
    /// <value>The default value is UTC.</value>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Gets or sets the folder for sessions' cookies and the run history.</summary>
    /// <value>The default value is <c>state</c>.</value>
    public string StateDirectory { get; set; } = "state";

    /// <summary>Gets or sets how many past runs are shown at start-up.</summary>
    /// <value>The default value is 5.</value>
    public int HistoryShown { get; set; } = 5;

    /// <summary>Gets or sets how long a stopping crawl may take to finish requests in flight, flush items and save sessions.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the per-spider settings, by spider name (<c>Scraper:Spiders:&lt;name&gt;</c>).</summary>
    public Dictionary<string, SpiderHostOptions> Spiders { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal SpiderHostOptions For(string spider) => Spiders.GetValueOrDefault(spider) ?? new SpiderHostOptions();

    internal string? ScheduleOf(string spider) => For(spider).Schedule ?? Schedule;

    internal string OutputOf(string spider) => (For(spider).Output ?? Output).Replace("{spider}", spider, StringComparison.Ordinal);
}
