using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// The job's duplicate filter: a fingerprint is a duplicate when the file has it or this process admitted it
/// already. An admitted one is written by the frontier together with its request (see <see cref="JobConnection.Pending"/>).
/// </summary>
internal sealed class SqliteDuplicateFilter(JobConnection job) : IDuplicateFilter
{
    public async ValueTask<bool> TryAddAsync(RequestFingerprint fingerprint, CancellationToken cancellationToken = default)
    {
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        if (job.Pending.Contains(fingerprint))
        {
            return false;
        }

        using var command = job.Command("SELECT 1 FROM seen WHERE fingerprint = $fingerprint");
        command.Parameters.AddWithValue("$fingerprint", ToBytes(fingerprint));
        if (command.ExecuteScalar() is not null)
        {
            return false;
        }

        job.Pending.Add(fingerprint);
        return true;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static byte[] ToBytes(RequestFingerprint fingerprint) => fingerprint.ToBytes();
}
