using Microsoft.Data.Sqlite;
using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// The job file's one connection, used by one caller at a time (a SQLite connection is not thread-safe), and the
/// fingerprints the duplicate filter admitted that are not in the file yet: they are written with their request,
/// in the same transaction, so a crash never leaves a fingerprint whose request was lost.
/// </summary>
internal sealed class JobConnection(SqliteConnection connection, string path) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public SqliteConnection Connection { get; } = connection;

    public string Path { get; } = path;

    /// <summary>Gets the fingerprints admitted in this process and not yet stored; guarded by <see cref="LockAsync"/>.</summary>
    public HashSet<RequestFingerprint> Pending { get; } = [];

    /// <summary>Gets the admitted requests not in the file yet (their fingerprints are in <see cref="Pending"/>); guarded by <see cref="LockAsync"/>.</summary>
    public JobAdmits Admits { get; } = new();

    public async ValueTask<Releaser> LockAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_lock);
    }

    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null) => JobSchema.Command(Connection, sql, transaction);

    public void Dispose()
    {
        Connection.Dispose();
        _lock.Dispose();
    }

    public readonly struct Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
