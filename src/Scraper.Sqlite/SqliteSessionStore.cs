using Scraper.Http.Cookies;
using Scraper.Http.SessionStores;

namespace Scraper.Sqlite;

/// <summary>
/// The job's session store: each session's cookies as one row, in the cookie file's own JSON form (every field RFC
/// 6265 keeps). Replaced in one statement, so a crash keeps the old row or the new one; the file is owner-only.
/// </summary>
internal sealed class SqliteSessionStore(JobConnection job, TimeProvider time) : ISessionStore
{
    public async Task<IReadOnlyList<StoredCookie>?> LoadCookiesAsync(string session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        byte[]? data;
        using (await job.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            using var read = job.Command("SELECT cookies FROM sessions WHERE name = $name");
            read.Parameters.AddWithValue("$name", session);
            data = read.ExecuteScalar() as byte[];
        }

        if (data is null)
        {
            return null;
        }

        using var stream = new MemoryStream(data, writable: false);
        return await CookieFile.ReadAsync(stream, Describe(session), cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveCookiesAsync(string session, IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(cookies);
        using var stream = new MemoryStream();
        await CookieFile.WriteAsync(stream, cookies, cancellationToken).ConfigureAwait(false);
        using (await job.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            using var write = job.Command("""
                INSERT INTO sessions (name, cookies, saved_at) VALUES ($name, $cookies, $at)
                ON CONFLICT (name) DO UPDATE SET cookies = excluded.cookies, saved_at = excluded.saved_at
                """);
            write.Parameters.AddWithValue("$name", session);
            write.Parameters.AddWithValue("$cookies", stream.ToArray());
            write.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
            write.ExecuteNonQuery();
        }
    }

    public async Task<DateTimeOffset?> SavedAtAsync(string session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        using (await job.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            // Written by the job's clock with every save (see SaveCookiesAsync).
            using var read = job.Command("SELECT saved_at FROM sessions WHERE name = $name");
            read.Parameters.AddWithValue("$name", session);
            return read.ExecuteScalar() is long at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null;
        }
    }

    public string Describe(string session) => $"{job.Path} (session {session})";
}
