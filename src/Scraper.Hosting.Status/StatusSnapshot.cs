namespace Scraper.Hosting.Status;

/// <summary>What the page shows, pushed to it as JSON every refresh; <paramref name="Crawl"/> when the worker is on a shared crawl.</summary>
internal sealed record StatusSnapshot(DateTimeOffset Now, IReadOnlyList<SpiderStatus> Spiders, IReadOnlyList<RunRecord> History, SharedCrawlStatus? Crawl = null);

/// <summary>
/// The shared crawl this worker is on, read from Redis: a row per worker (this one included), or the last rows read
/// and the <paramref name="Problem"/> when Redis does not answer.
/// </summary>
internal sealed record SharedCrawlStatus(string Name, string Worker, string? Problem, IReadOnlyList<WorkerStatus> Workers);

/// <summary>
/// One worker of the shared crawl: where its run is (<c>Running</c>, <c>Silent</c> when it stopped writing its row while
/// running, or how it ended), its counters, the leases it held and its last heartbeat, and why it failed.
/// </summary>
internal sealed record WorkerStatus(string Name, string State, long Pages, long Items, long Errors, long Leases, DateTimeOffset? LastHeartbeat, string? Reason);

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
