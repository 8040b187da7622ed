using Microsoft.Data.Sqlite;
using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// Fingerprints the duplicate filter admitted whose request never came to the frontier (a redirect hop, fetched
/// within its parent; a request an incremental crawl skipped; a schedule cancelled in between): moved out of memory
/// after two writes into a temporary table of the connection, so that memory stays bounded however many there are, and
/// a later link to one is still a duplicate in this run. Temporary on purpose: a claim is not part of the job (only a
/// fingerprint written with its request is, see <see cref="JobAdmits"/>), so it goes with the process, as it did in
/// memory. Used under the job's lock.
/// </summary>
internal static class SpilledClaims
{
    /// <summary>Writes the stale claims in the caller's transaction; returns how many (call <see cref="SeenFingerprints.Spilled"/> once committed).</summary>
    public static int Spill(JobConnection job, SqliteTransaction transaction)
    {
        var stale = job.Seen.TakeStale();
        if (stale.Count == 0)
        {
            return 0;
        }

        if (job.SpilledClaims == 0)
        {
            JobSchema.Execute(job.Connection, "CREATE TEMP TABLE IF NOT EXISTS claimed (fingerprint BLOB PRIMARY KEY) WITHOUT ROWID", transaction);
        }

        using var insert = job.Command("INSERT OR IGNORE INTO temp.claimed (fingerprint) VALUES ($fingerprint)", transaction);
        var fingerprint = insert.Parameters.Add("$fingerprint", SqliteType.Blob);
        foreach (var claim in stale)
        {
            fingerprint.Value = SqliteDuplicateFilter.ToBytes(claim);
            insert.ExecuteNonQuery();
        }

        return stale.Count;
    }

    /// <summary>Whether a fingerprint was claimed and spilled in this process.</summary>
    public static bool Contains(JobConnection job, RequestFingerprint claim)
    {
        if (job.SpilledClaims == 0)
        {
            return false;
        }

        using var read = job.Command("SELECT 1 FROM temp.claimed WHERE fingerprint = $fingerprint");
        read.Parameters.AddWithValue("$fingerprint", SqliteDuplicateFilter.ToBytes(claim));
        return read.ExecuteScalar() is not null;
    }
}
