using Microsoft.Extensions.Logging;
using Scraper.Http.SessionStores;

namespace Scraper.Crawling.Engine;

/// <summary>
/// Says that a spider session reuses the cookies an earlier run saved instead of logging in, and how old they are,
/// so a user sees that the saved session is what spared the login.
/// </summary>
/// <param name="store">Where the session's cookies are kept; it says when they were saved.</param>
/// <param name="logger">The crawl's logger.</param>
/// <param name="timeProvider">The crawl's clock.</param>
internal sealed class SavedSessionLog(ISessionStore? store, ILogger logger, TimeProvider timeProvider)
{
    public async Task ReusedAsync(string spider, string session, CancellationToken cancellationToken)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var saved = store is null ? null : await store.SavedAtAsync(session, cancellationToken).ConfigureAwait(false);
        // A clock set back since the save reads as just now, not as a negative age.
        var age = saved is { } at ? Describe(TimeSpan.FromTicks(Math.Max(0, (timeProvider.GetUtcNow() - at).Ticks))) : "some time";
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
