namespace Scraper.Hosting.Status;

/// <summary>What the page shows, pushed to it as JSON every refresh.</summary>
internal sealed record StatusSnapshot(DateTimeOffset Now, IReadOnlyList<SpiderStatus> Spiders, IReadOnlyList<RunRecord> History);

/// <summary>One spider: its schedule and next due time, its run going now (null when idle), and the last errors seen.</summary>
internal sealed record SpiderStatus(
    string Name,
    string? Schedule,
    DateTimeOffset? NextDue,
    DateTimeOffset? RunningSince,
    LiveStatus? Live,
    IReadOnlyList<Crawling.Stats.CrawlError> LastErrors);

/// <summary>The numbers of a run going now.</summary>
internal sealed record LiveStatus(
    long Requests,
    long Pages,
    long Items,
    double PagesPerMinute,
    double ItemsPerMinute,
    long Errors,
    long Retries,
    int InFlight,
    long Frontier,
    long BrowserPages,
    IReadOnlyList<Telemetry.DomainPause> PausedDomains);
