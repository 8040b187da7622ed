namespace DemoShop;

/// <summary>How the demo shop behaves.</summary>
public sealed class DemoShopOptions
{
    /// <summary>Gets or sets the number of products (at least 1,000 for the scraper's checks).</summary>
    public int ProductCount { get; set; } = 1200;

    /// <summary>Gets or sets the products per listing page.</summary>
    public int PageSize { get; set; } = 24;

    /// <summary>Gets or sets the one account's user name.</summary>
    public string Username { get; set; } = "demo";

    /// <summary>
    /// Gets or sets the one account's password; null makes one up at start, or takes the one saved in
    /// <see cref="StateDirectory"/>.
    /// </summary>
    public string? Password { get; set; } = "demo";

    /// <summary>
    /// Gets or sets a folder where the shop keeps its password and login sessions across runs (owner-only), so that
    /// a crawler's saved cookies still work after a restart; null keeps everything in memory.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>Gets or sets the share of page requests (0 to 1) answered with 503 or 429 and Retry-After, to exercise retries.</summary>
    public double FlakyRate { get; set; }

    /// <summary>Gets or sets which pages are flaky at <see cref="FlakyRate"/>: another seed picks other pages (each fails once).</summary>
    /// <value>The default value is 0.</value>
    public int FlakySeed { get; set; }

    /// <summary>Gets or sets the Retry-After a flaky answer carries.</summary>
    /// <value>The default value is one second.</value>
    public TimeSpan FlakyRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long a login session lasts (by <see cref="TimeProvider"/>); null: until logged out.</summary>
    public TimeSpan? SessionLifetime { get; set; }

    /// <summary>Gets or sets the shop's clock (login times, session expiry): a test moves it a day on; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Gets or sets how many pages a login session serves before it expires (0: never), to exercise re-login.</summary>
    public int SessionPageLimit { get; set; }

    /// <summary>
    /// Gets or sets a path and query (for example <c>/js/api/products?page=2</c>) whose first request ends every
    /// login session before it is answered, as a shop that lost its sessions does, to exercise re-login at a chosen
    /// point; null never does.
    /// </summary>
    public string? RevokeLoginsAt { get; set; }

    /// <summary>Gets or sets the Crawl-delay robots.txt asks for, in seconds.</summary>
    public double CrawlDelaySeconds { get; set; } = 0.001;

    /// <summary>
    /// Gets or sets how many price updates the shop has had: each changes the price of ten products (the same ten for
    /// the same revision, see <see cref="Catalog.RevisePrices"/>), so an incremental crawl can be shown what changed.
    /// </summary>
    /// <value>The default value is 0: the catalogue as generated.</value>
    public int PriceRevision { get; set; }

    /// <summary>Gets or sets the loopback port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets what to call with each request's path and query as it arrives (before it is answered), so a test
    /// can act at a chosen point of a crawl, such as killing the crawler's process.
    /// </summary>
    public Action<string>? OnRequest { get; set; }

    /// <summary>
    /// Gets or sets what to call once each answer has been sent, with the method, the path and query, and the status, so a
    /// test can act right after a given answer (kill the crawler during the Retry-After pause of a 503, or after a login).
    /// </summary>
    public Action<string, string, int>? OnAnswered { get; set; }
}
