namespace Scraper.Crawling.Downloading.Proxies;

/// <summary>
/// The proxies a crawl's sessions go through (the <c>Scraper:Proxies</c> section). Each spider session sticks to
/// one proxy, so its cookies and its address stay together; a proxy that fails <see cref="MaxFailures"/> times in
/// a row (connection errors or timeouts through it, a 407, or a <see cref="BlockStatusCodes">block status</see>)
/// is retired and its sessions move to the free proxy with the fewest sessions.
/// </summary>
public sealed class ProxyRotationOptions
{
    /// <summary>
    /// Gets the proxies, as <c>http://user:password@host:port</c> (user info optional). The credentials go to the
    /// proxy as <c>Proxy-Authorization</c>; logs show <c>http://host:port</c> only. No proxies (the default) means
    /// sessions connect as <see cref="Scraper.Http.SessionOptions.Proxy"/> says.
    /// </summary>
    public IList<string> Urls { get; } = [];

    /// <summary>Gets or sets how many failures in a row retire a proxy; any other answer through it resets the count.</summary>
    /// <value>The default value is 3.</value>
    public int MaxFailures { get; set; } = 3;

    /// <summary>
    /// Gets the statuses that say the site blocks the proxy (or the session behind it). Whether a blocked request
    /// is sent again is the retry policy's choice (<see cref="Scraper.Http.RetryOptions.StatusCodes"/> of <see cref="CrawlOptions.Retry"/>): a retried request
    /// goes through the session's proxy of the moment.
    /// </summary>
    /// <value>The default value is 403, 429.</value>
    public ISet<int> BlockStatusCodes { get; } = new HashSet<int> { 403, 429 };

    /// <summary>
    /// Gets or sets how long a retired proxy rests before sessions may move to it again. While every proxy rests,
    /// requests wait for the first one back; with no rest, a retired proxy is gone for the crawl, and once every
    /// proxy is gone requests fail with <see cref="ProxiesExhaustedException"/> (counted <c>proxy/exhausted</c>).
    /// </summary>
    /// <value>The default value is zero: retired for the rest of the crawl.</value>
    public TimeSpan CoolDown { get; set; } = TimeSpan.Zero;

    /// <summary>Gets a value indicating whether any proxy is configured.</summary>
    public bool Enabled => Urls.Count > 0;

    /// <summary>Checks the options and throws naming the first invalid one (never a password).</summary>
    /// <param name="prefix">The configuration path the options came from, for the message.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate(string prefix = "Scraper:Proxies")
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Urls.Count; i++)
        {
            if (!ProxyEndpoint.TryParse(Urls[i], out var endpoint, out var problem))
            {
                throw new ArgumentException($"Configuration value '{prefix}:Urls:{i}' {problem}", $"Urls:{i}");
            }

            if (!seen.Add(endpoint.Key))
            {
                throw new ArgumentException($"Configuration value '{prefix}:Urls:{i}' ({endpoint.Display}) is listed twice.", $"Urls:{i}");
            }
        }

        if (MaxFailures <= 0)
        {
            throw new ArgumentException($"Configuration value '{prefix}:MaxFailures' must be positive.", nameof(MaxFailures));
        }

        if (CoolDown < TimeSpan.Zero)
        {
            throw new ArgumentException($"Configuration value '{prefix}:CoolDown' must not be negative.", nameof(CoolDown));
        }

        foreach (var status in BlockStatusCodes)
        {
            if (status is < 100 or > 599)
            {
                throw new ArgumentException($"Configuration value '{prefix}:BlockStatusCodes' holds {status}, which is not an HTTP status.", nameof(BlockStatusCodes));
            }
        }
    }
}
