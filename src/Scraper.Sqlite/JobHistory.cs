using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using Scraper.Crawling.Incremental;
using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// The job file's incremental history: the last visit of each page (by page key) and the digest each item key was last
/// exported with. Read under the job's lock; written inside the frontier's commit transaction.
/// </summary>
internal static class JobHistory
{
    public static PageVisit? LastVisit(JobConnection job, RequestFingerprint page)
    {
        using var read = job.Command("SELECT items, visited_at FROM visits WHERE page = $page");
        read.Parameters.AddWithValue("$page", SqliteDuplicateFilter.ToBytes(page));
        using var reader = read.ExecuteReader();
        return reader.Read() ? new PageVisit(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetInt32(0)) : null;
    }

    public static UInt128? ItemDigest(JobConnection job, string key)
    {
        using var read = job.Command("SELECT digest FROM item_versions WHERE key = $key");
        read.Parameters.AddWithValue("$key", key);
        return read.ExecuteScalar() is byte[] { Length: 16 } digest ? BinaryPrimitives.ReadUInt128BigEndian(digest) : null;
    }

    public static void Record(JobConnection job, SqliteTransaction transaction, CrawlHistoryChanges changes, DateTimeOffset now)
    {
        if (changes.Visits.Count > 0)
        {
            using var visit = job.Command("INSERT OR REPLACE INTO visits (page, items, visited_at) VALUES ($page, $items, $at)", transaction);
            var page = visit.Parameters.Add("$page", SqliteType.Blob);
            var items = visit.Parameters.Add("$items", SqliteType.Integer);
            var at = visit.Parameters.Add("$at", SqliteType.Integer);
            foreach (var (key, value) in changes.Visits)
            {
                page.Value = SqliteDuplicateFilter.ToBytes(key);
                items.Value = value.Items;
                at.Value = value.VisitedAt.ToUnixTimeMilliseconds();
                visit.ExecuteNonQuery();
            }
        }

        if (changes.Items.Count > 0)
        {
            using var version = job.Command("INSERT OR REPLACE INTO item_versions (key, digest, exported_at) VALUES ($key, $digest, $at)", transaction);
            var key = version.Parameters.Add("$key", SqliteType.Text);
            var digest = version.Parameters.Add("$digest", SqliteType.Blob);
            version.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            foreach (var (name, value) in changes.Items)
            {
                var bytes = new byte[16];
                BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
                key.Value = name;
                digest.Value = bytes;
                version.ExecuteNonQuery();
            }
        }
    }
}
