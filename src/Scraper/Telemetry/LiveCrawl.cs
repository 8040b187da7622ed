using Scraper.Crawling.Stats;

namespace Scraper.Telemetry;

/// <summary>
/// A crawl while it runs, as the gauges and the worker's status page see it: its counters, and what it holds at this
/// moment (requests waiting and in flight, browser pages open, domains paused). Listed by <see cref="ScraperMetrics.Runs"/>
/// from its start to its end.
/// </summary>
public sealed class LiveCrawl
{
    private readonly Func<long> _frontierSize;
    private readonly Func<int> _inFlight;
    private readonly Func<DateTimeOffset, IReadOnlyList<DomainPause>> _paused;
    private readonly TimeProvider _timeProvider;

    internal LiveCrawl(CrawlStats stats, TimeProvider timeProvider, Func<long> frontierSize, Func<int> inFlight, Func<DateTimeOffset, IReadOnlyList<DomainPause>> paused)
    {
        Stats = stats;
        _timeProvider = timeProvider;
        _frontierSize = frontierSize;
        _inFlight = inFlight;
        _paused = paused;
    }

    /// <summary>Gets the spider's name.</summary>
    public string Spider => Stats.Spider;

    /// <summary>Gets the crawl's counters (<see cref="CrawlStats.Snapshot"/> for a copy).</summary>
    public CrawlStats Stats { get; }

    /// <summary>Gets the number of requests waiting in the frontier.</summary>
    public long FrontierSize => _frontierSize();

    /// <summary>Gets the number of requests being downloaded or parsed.</summary>
    public int InFlight => _inFlight();

    /// <summary>Gets the number of browser pages open (fed by a rendering handler through <see cref="CrawlStats.BrowserPageOpened"/>).</summary>
    public long BrowserPagesOpen => Stats.BrowserPagesOpen;

    /// <summary>Gets the domains paused now, with when each resumes.</summary>
    public IReadOnlyList<DomainPause> PausedDomains => _paused(_timeProvider.GetUtcNow());
}
