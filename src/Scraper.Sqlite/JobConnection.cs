using Microsoft.Data.Sqlite;

namespace Scraper.Sqlite;

/// <summary>
/// The job file's one connection, used by one caller at a time (a SQLite connection is not thread-safe), and what
/// the duplicate filter knows without it (<see cref="SeenFingerprints"/>): among it the fingerprints it admitted that
/// are not in the file yet, written with their request, in the same transaction, so a crash never leaves a
/// fingerprint whose request was lost.
/// </summary>
internal sealed class JobConnection : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public JobConnection(SqliteConnection connection, string path)
    {
        Connection = connection;
        Path = path;
        Admits = new JobAdmits(Seen);
    }

    public SqliteConnection Connection { get; }

    public string Path { get; }

    /// <summary>Gets the fingerprints known without the file (thread-safe on its own).</summary>
    public SeenFingerprints Seen { get; } = new();

    /// <summary>Gets the admitted requests not in the file yet (their fingerprints are pending in <see cref="Seen"/>); guarded by <see cref="LockAsync"/>.</summary>
    public JobAdmits Admits { get; }

    public async ValueTask<Releaser> LockAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_lock);
    }

    /// <summary>Gets or sets how many fingerprints the seen log holds before it is merged into the index (tests make it small).</summary>
    public int SeenMergeAt { get; set; } = SeenLog.MergeAt;

    /// <summary>Gets or sets how many claims were moved to the temporary table (<see cref="SpilledClaims"/>); guarded by <see cref="LockAsync"/>.</summary>
    public long SpilledClaims { get; set; }

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
