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

    /// <summary>Gets or sets the loopback port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets what to call with each request's path and query as it arrives (before it is answered), so a test
    /// can act at a chosen point of a crawl, such as killing the crawler's process.
    /// </summary>
    public Action<string>? OnRequest { get; set; }
}
