namespace Scraper.Telemetry;

/// <summary>A domain whose sends are held (a Retry-After or a backoff that pauses only this domain).</summary>
/// <param name="Domain">The domain's slot: its host, or its host as seen through one proxy.</param>
/// <param name="Until">When sends to it resume.</param>
public readonly record struct DomainPause(string Domain, DateTimeOffset Until);
