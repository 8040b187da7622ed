namespace Scraper.Hosting.Status;

/// <summary>The worker's status page, bound from <c>Scraper:Status</c>: off unless <see cref="Url"/> is set.</summary>
public sealed class StatusOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scraper:Status";

    /// <summary>
    /// Gets or sets where the page is served: <c>http://</c>, an IP address or <c>localhost</c>, and a port, for example
    /// <c>http://127.0.0.1:8080/</c>. A loopback address unless <see cref="AllowRemote"/> is set.
    /// </summary>
    /// <value>The default value is null: no page.</value>
    public string? Url { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="Url"/> may be an address other machines reach; it then needs a <see cref="Token"/>.</summary>
    /// <value>The default value is false.</value>
    public bool AllowRemote { get; set; }

    /// <summary>
    /// Gets or sets the secret every request must carry (16 characters or more): <c>Authorization: Bearer TOKEN</c>, or
    /// once as <c>?token=TOKEN</c> on the page, which then keeps it in a same-site cookie. Required off loopback.
    /// </summary>
    /// <value>The default value is null: no token (loopback only).</value>
    public string? Token { get; set; }

    /// <summary>Gets or sets how often the page's numbers are pushed to it (server-sent events).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
