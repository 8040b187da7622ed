using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// The job's duplicate filter: a fingerprint is a duplicate when the file has it or this process admitted it
/// already. An admitted one is written by the frontier together with its request (see <see cref="JobConnection.Pending"/>).
/// </summary>
internal sealed class SqliteDuplicateFilter(JobConnection job) : IDuplicateFilter
{
    // Prepared once: a page asks about a score of links, and preparing the statement each time cost more than the lookup.
    private Microsoft.Data.Sqlite.SqliteCommand? _lookup;
    private Microsoft.Data.Sqlite.SqliteParameter? _fingerprint;

    public async ValueTask<bool> TryAddAsync(RequestFingerprint fingerprint, CancellationToken cancellationToken = default)
    {
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        if (job.Pending.Contains(fingerprint))
        {
            return false;
        }

        if (_lookup is null)
        {
            _lookup = job.Command("SELECT 1 FROM seen WHERE fingerprint = $fingerprint");
            _fingerprint = _lookup.Parameters.Add("$fingerprint", Microsoft.Data.Sqlite.SqliteType.Blob);
            _lookup.Prepare();
        }

        _fingerprint!.Value = ToBytes(fingerprint);
        if (_lookup.ExecuteScalar() is not null)
        {
            return false;
        }

        job.Pending.Add(fingerprint);
        return true;
    }

    // Called once the run is over (nothing looks up any more); the job keeps the connection.
    public ValueTask DisposeAsync()
    {
        _lookup?.Dispose();
        _lookup = null;
        return ValueTask.CompletedTask;
    }

    internal static byte[] ToBytes(RequestFingerprint fingerprint) => fingerprint.ToBytes();
}
