using Scraper.Http.Cookies;

namespace Scraper.Http.SessionStores;

/// <summary>
/// A session store that takes over the loose cookie files of the folder a crawl used before it had one (a worker
/// upgraded to a job store, say): a session the store has nothing for, and whose <c>{folder}/{session}.cookies.json</c>
/// exists, gets that file's cookies, saved into the store at once, so the first run after the upgrade does not log in
/// again. The file is left where it is (nothing is lost if the store is dropped again); once the store has the
/// session, the file is no longer read.
/// </summary>
internal sealed class ImportingSessionStore(ISessionStore store, string folder) : ISessionStore
{
    private readonly FileSessionStore _files = new(folder);
    private readonly Dictionary<string, DateTimeOffset?> _imported = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public async Task<IReadOnlyList<StoredCookie>?> LoadCookiesAsync(string session, CancellationToken cancellationToken = default)
    {
        if (await store.LoadCookiesAsync(session, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        if (await _files.LoadCookiesAsync(session, cancellationToken).ConfigureAwait(false) is not { } loose)
        {
            return null;
        }

        var savedAt = await _files.SavedAtAsync(session, cancellationToken).ConfigureAwait(false);
        await store.SaveCookiesAsync(session, loose, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            // The cookies are as old as the file, not as the import.
            _imported[session] = savedAt;
        }

        return loose;
    }

    public Task SaveCookiesAsync(string session, IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _imported.Remove(session);
        }

        return store.SaveCookiesAsync(session, cookies, cancellationToken);
    }

    public Task<DateTimeOffset?> SavedAtAsync(string session, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_imported.TryGetValue(session, out var savedAt))
            {
                return Task.FromResult(savedAt);
            }
        }

        return store.SavedAtAsync(session, cancellationToken);
    }

    public string Describe(string session) => store.Describe(session);
}
