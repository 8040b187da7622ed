namespace Scraper.Crawling;

/// <summary>
/// The adaptive throttle: per domain, the delay follows the server's latency so that about
/// <see cref="TargetConcurrency"/> requests are in flight to it, and errors back it off (Scrapy's AutoThrottle).
/// </summary>
public sealed class AutoThrottleOptions
{
    /// <summary>Gets or sets a value indicating whether the throttle is on.</summary>
    /// <value>The default value is false.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the delay a domain starts with.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay the throttle sets.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the average number of requests the throttle aims to have in flight to one domain.</summary>
    /// <value>The default value is 1.</value>
    public double TargetConcurrency { get; set; } = 1.0;
}
