using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Scraper.Sqlite;

/// <summary>
/// Requests leased from the file in one statement and handed out one by one: one write per batch of leases instead of
/// one per request. The order stays the frontier's: a batch is the next requests by priority and age, and a request
/// enqueued meanwhile with a higher priority than one still waiting here sends the batch back (its leases cleared), so
/// it is not overtaken. A process that dies with leases here loses nothing: the next open hands them out again. Used
/// under the job's lock.
/// </summary>
internal sealed class LeaseBuffer
{
    private readonly Queue<(long Id, int Priority, byte[] Data)> _leased = new();
    private int _lowest = int.MaxValue;

    public bool TryTake(out (long Id, byte[] Data) lease)
    {
        if (_leased.TryDequeue(out var next))
        {
            lease = (next.Id, next.Data);
            return true;
        }

        lease = default;
        return false;
    }

    /// <summary>
    /// Leases up to <paramref name="size"/> of the next requests until <paramref name="until"/> in the caller's
    /// transaction; <see cref="Hold"/> them once it is committed (a failed commit leased nothing).
    /// </summary>
    public static List<(long Id, int Priority, byte[] Data)> Take(JobConnection job, SqliteTransaction transaction, long until, int size)
    {
        using var lease = job.Command("""
            UPDATE frontier SET leased_until = $until
            WHERE id IN (SELECT id FROM frontier WHERE leased_until IS NULL ORDER BY priority DESC, id LIMIT $size)
            RETURNING id, priority, request
            """, transaction);
        lease.Parameters.AddWithValue("$until", until);
        lease.Parameters.AddWithValue("$size", size);
        var rows = new List<(long Id, int Priority, byte[] Data)>(size);
        using var reader = lease.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt32(1), (byte[])reader.GetValue(2)));
        }

        return rows;
    }

    /// <summary>Holds committed leases to hand out one by one, in the frontier's order; returns how many.</summary>
    public int Hold(List<(long Id, int Priority, byte[] Data)> rows)
    {
        // RETURNING gives no order: put them back in the frontier's.
        rows.Sort(static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Id.CompareTo(b.Id));
        foreach (var row in rows)
        {
            _leased.Enqueue(row);
            _lowest = Math.Min(_lowest, row.Priority);
        }

        return rows.Count;
    }

    /// <summary>Sends the waiting leases back when a request of a higher priority than one of them comes in.</summary>
    public void ReleaseIfOutranked(JobConnection job, int priority)
    {
        if (_leased.Count == 0 || priority <= _lowest)
        {
            return;
        }

        var ids = string.Join(',', _leased.Select(row => row.Id.ToString(CultureInfo.InvariantCulture)));
        JobWrites.Run(job, () =>
        {
            using var release = job.Command($"UPDATE frontier SET leased_until = NULL WHERE id IN ({ids})");
            release.ExecuteNonQuery();
        });
        _leased.Clear();
        _lowest = int.MaxValue;
    }
}
