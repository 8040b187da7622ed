namespace Scraper.Hosting;

/// <summary>Whether the host runs its spiders once or on schedules.</summary>
public enum ScraperRunMode
{
    /// <summary>On schedules when any enabled spider has one, otherwise once.</summary>
    Auto,

    /// <summary>Run every enabled spider once, then exit (the exit code says how it went).</summary>
    Once,

    /// <summary>Run each spider at its cron schedule until the host stops.</summary>
    Schedule,
}
