using Microsoft.Data.Sqlite;
using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// Requests admitted to the frontier and not yet in the file, written in one transaction per batch with their
/// fingerprints (one SQLite commit per request capped the frontier at a few thousand requests a second). They are
/// written before anything is leased, with every commit of acknowledgements (so a request is never acknowledged while
/// what it yielded is only in memory) and when the job closes; a crash loses only requests whose parent was not
/// acknowledged, and that parent is handed out again and yields them again. Their fingerprints are appended to the
/// seen log (<see cref="SeenLog"/>), not put into the index one by one. Used under the job's lock.
/// </summary>
internal sealed class JobAdmits(SeenFingerprints seen)
{
    /// <summary>How many admitted requests wait in memory at most before they are written.</summary>
    public const int BatchSize = 512;

    private readonly List<(int Priority, int Depth, byte[] Data, RequestFingerprint Fingerprint)> _unsaved = [];
    private bool _merging;
    private int _spilling;

    public int Count => _unsaved.Count;

    /// <summary>Gets the fingerprints of the requests waiting here.</summary>
    public IEnumerable<RequestFingerprint> Fingerprints => _unsaved.Select(admitted => admitted.Fingerprint);

    public void Add(int priority, int depth, byte[] data, RequestFingerprint fingerprint)
    {
        _unsaved.Add((priority, depth, data, fingerprint));
        seen.Note(fingerprint);
    }

    /// <summary>Writes the waiting requests in a transaction of their own (and what is due with them, see <see cref="Write"/>).</summary>
    public void Flush(JobConnection job)
    {
        if (_unsaved.Count == 0 && !SeenLog.MergeDue(job, 0) && !seen.HasStale)
        {
            // Nothing to write: the claims still age by one write.
            seen.Spilled();
            return;
        }

        JobWrites.Run(job, () =>
        {
            using var transaction = job.Connection.BeginTransaction();
            Write(job, transaction);
            transaction.Commit();
        });

        Saved(job);
    }

    /// <summary>
    /// Writes the waiting requests in the caller's transaction, their fingerprints appended to the seen log, which is
    /// merged into the index when it is full, and moves stale claims out of memory (<see cref="SpilledClaims"/>); call
    /// <see cref="Saved"/> once it is committed.
    /// </summary>
    public void Write(JobConnection job, SqliteTransaction transaction)
    {
        if (_unsaved.Count > 0)
        {
            using var insert = job.Command("INSERT INTO frontier (priority, depth, request) VALUES ($priority, $depth, $request)", transaction);
            var priority = insert.Parameters.Add("$priority", SqliteType.Integer);
            var depth = insert.Parameters.Add("$depth", SqliteType.Integer);
            var request = insert.Parameters.Add("$request", SqliteType.Blob);
            using var log = job.Command("INSERT INTO seen_log (fingerprint) VALUES ($fingerprint)", transaction);
            var fingerprint = log.Parameters.Add("$fingerprint", SqliteType.Blob);
            foreach (var admitted in _unsaved)
            {
                priority.Value = admitted.Priority;
                depth.Value = admitted.Depth;
                request.Value = admitted.Data;
                insert.ExecuteNonQuery();
                fingerprint.Value = SqliteDuplicateFilter.ToBytes(admitted.Fingerprint);
                log.ExecuteNonQuery();
            }
        }

        _merging = SeenLog.MergeDue(job, _unsaved.Count);
        if (_merging)
        {
            SeenLog.Merge(job, transaction);
        }

        _spilling = SpilledClaims.Spill(job, transaction);
    }

    /// <summary>Updates what memory knows once the transaction of <see cref="Write"/> is committed (until then a failed commit keeps it all here).</summary>
    public void Saved(JobConnection job)
    {
        seen.Written(Fingerprints);
        _unsaved.Clear();
        if (_merging)
        {
            seen.Indexed();
            _merging = false;
        }

        job.SpilledClaims += _spilling;
        _spilling = 0;
        seen.Spilled();
    }
}
