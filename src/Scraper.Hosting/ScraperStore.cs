namespace Scraper.Hosting;

/// <summary>Where the hosted worker keeps a crawl's frontier, duplicate filter and sessions (<c>Scraper:Store</c>).</summary>
public enum ScraperStore
{
    /// <summary>A resumable job file per spider, <c>{StateDirectory}/jobs/{spider}.db</c> (SQLite): a stopped or killed run resumes.</summary>
    Sqlite,

    /// <summary>In memory, as <c>new Crawler(...)</c> in code: every run starts from the start requests; cookies in files under the state folder.</summary>
    Memory,
}
