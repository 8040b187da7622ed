using Microsoft.Extensions.Logging;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Says that a spider session reuses the cookies an earlier run saved instead of logging in, and how old they are,
/// so a user sees that the saved session is what spared the login.
/// </summary>
/// <param name="cookieFile">The session's cookie file; its last write is when the cookies were saved.</param>
/// <param name="logger">The crawl's logger.</param>
/// <param name="timeProvider">The crawl's clock.</param>
internal sealed class SavedSessionLog(string? cookieFile, ILogger logger, TimeProvider timeProvider)
{
    public void Reused(string spider, string session)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var saved = cookieFile is not null && File.Exists(cookieFile) ? File.GetLastWriteTimeUtc(cookieFile) : (DateTime?)null;
        var age = saved is { } at ? Describe(timeProvider.GetUtcNow().UtcDateTime - at) : "some time";
        CrawlLog.SavedSessionReused(logger, spider, session, age);
    }

    /// <summary>An age the way a person says it: "40 seconds", "3 minutes", "5 hours", "2 days".</summary>
    internal static string Describe(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => Plural((int)age.TotalSeconds, "second"),
        { TotalHours: < 1 } => Plural((int)age.TotalMinutes, "minute"),
        { TotalDays: < 1 } => Plural((int)age.TotalHours, "hour"),
        _ => Plural((int)age.TotalDays, "day"),
    };

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
