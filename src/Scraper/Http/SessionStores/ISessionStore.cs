using Scraper.Http.Cookies;

namespace Scraper.Http.SessionStores;

/// <summary>
/// Where sessions keep their state between runs, by session name: today their cookies. The default is one file per
/// session (<see cref="FileSessionStore"/>); a resumable job keeps them in its job file instead (Scraper.Sqlite), and
/// a shared crawl in Redis. Whatever the store, the cookies are secrets: readable by their owner only, never logged.
/// Implementations are thread-safe.
/// </summary>
public interface ISessionStore
{
    /// <summary>Loads a session's saved cookies.</summary>
    /// <param name="session">The session's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The cookies, or null when nothing was saved for the session.</returns>
    /// <exception cref="InvalidDataException">What was saved cannot be read; the message names where it is.</exception>
    Task<IReadOnlyList<StoredCookie>?> LoadCookiesAsync(string session, CancellationToken cancellationToken = default);

    /// <summary>Replaces a session's saved cookies, atomically: a crash leaves the old ones or the new ones.</summary>
    /// <param name="session">The session's name.</param>
    /// <param name="cookies">Every cookie of the session's jar.</param>
    /// <param name="cancellationToken">Cancels the write; what was saved before stays.</param>
    /// <returns>A task that completes when they are stored.</returns>
    Task SaveCookiesAsync(string session, IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken = default);

    /// <summary>Returns when a session's cookies were last saved (log lines say how old a reused session is).</summary>
    /// <param name="session">The session's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The time, or null when nothing was saved for the session or the store does not keep it.</returns>
    Task<DateTimeOffset?> SavedAtAsync(string session, CancellationToken cancellationToken = default) => Task.FromResult<DateTimeOffset?>(null);

    /// <summary>Says where a session's state is kept, for log lines (a path, never a value).</summary>
    /// <param name="session">The session's name.</param>
    /// <returns>For example <c>state/sessions/shop/default.cookies.json</c>.</returns>
    string Describe(string session);
}
