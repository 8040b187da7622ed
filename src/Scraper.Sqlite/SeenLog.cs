using Microsoft.Data.Sqlite;
using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// Where the file keeps the job's fingerprints: an index (<c>seen</c>, a B-tree by fingerprint) for the exact look a
/// Bloom filter's "maybe" needs, and a log (<c>seen_log</c>) that a new fingerprint is appended to, in the transaction
/// that writes its request. Fingerprints are uniform hashes: put straight into the index, each landed on a random page
/// of it, and past the page cache every admit cost a page read and a page write (2,600 admits a second at 2 million).
/// Appended, they cost a few bytes at the end of the file; the log is merged into the index in one sorted pass once it
/// holds <see cref="JobConnection.SeenMergeAt"/>, in the transaction of a write, so a crash leaves one or the other.
/// Until then its fingerprints are known exactly in memory (<see cref="SeenFingerprints"/>). Used under the job's lock.
/// </summary>
internal static class SeenLog
{
    /// <summary>How many fingerprints the log holds at most before it is merged (16 bytes each in memory meanwhile).</summary>
    public const int MergeAt = 1 << 20;

    /// <summary>Reads the log into memory as the job opens: its fingerprints are not in the index.</summary>
    public static void Load(JobConnection job)
    {
        using var read = job.Command("SELECT fingerprint FROM seen_log");
        job.Seen.Written(Fingerprints(read));
    }

    /// <summary>Gets a value indicating whether a write that adds <paramref name="adding"/> fingerprints merges the log.</summary>
    public static bool MergeDue(JobConnection job, int adding) => job.Seen.Unindexed + adding >= job.SeenMergeAt;

    /// <summary>
    /// Moves the log into the index in the caller's transaction, in the index's order, so each page of the index is
    /// read and written once; call <see cref="SeenFingerprints.Indexed"/> once it is committed.
    /// </summary>
    public static void Merge(JobConnection job, SqliteTransaction transaction)
    {
        using var merge = job.Command("INSERT OR IGNORE INTO seen (fingerprint) SELECT fingerprint FROM seen_log ORDER BY fingerprint; DELETE FROM seen_log;", transaction);
        merge.ExecuteNonQuery();
    }

    /// <summary>Every fingerprint in the file, the index's and the log's, in one scan of each (for the Bloom filter).</summary>
    public static IEnumerable<RequestFingerprint> ReadAll(JobConnection job)
    {
        using var read = job.Command("SELECT fingerprint FROM seen UNION ALL SELECT fingerprint FROM seen_log");
        foreach (var fingerprint in Fingerprints(read))
        {
            yield return fingerprint;
        }
    }

    /// <summary>Counts the fingerprints in the file (the Bloom filter is sized by it).</summary>
    public static long Count(JobConnection job)
    {
        using var count = job.Command("SELECT (SELECT count(*) FROM seen) + (SELECT count(*) FROM seen_log)");
        return Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IEnumerable<RequestFingerprint> Fingerprints(SqliteCommand read)
    {
        using var reader = read.ExecuteReader();
        var buffer = new byte[16];
        while (reader.Read())
        {
            if (reader.GetBytes(0, 0, buffer, 0, buffer.Length) == buffer.Length)
            {
                yield return SqliteDuplicateFilter.FromBytes(buffer);
            }
        }
    }
}
