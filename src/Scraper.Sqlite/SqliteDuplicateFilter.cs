using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// The job's duplicate filter: a fingerprint is a duplicate when the file has it or this process admitted it
/// already. An admitted one is written by the frontier together with its request (see <see cref="JobConnection.Seen"/>).
/// Most answers come from memory without the job's lock (<see cref="SeenFingerprints"/>): a recent duplicate, or a
/// new link the Bloom filter has never seen; only the rest look into the file.
/// </summary>
internal sealed class SqliteDuplicateFilter(JobConnection job) : IDuplicateFilter
{
    // Prepared once: a page asks about a score of links, and preparing the statement each time cost more than the lookup.
    private SqliteCommand? _lookup;
    private SqliteParameter? _fingerprint;

    public ValueTask<bool> TryAddAsync(RequestFingerprint fingerprint, CancellationToken cancellationToken = default) =>
        job.Seen.TryClaim(fingerprint) switch
        {
            SeenFingerprints.Answer.Duplicate => ValueTask.FromResult(false),
            SeenFingerprints.Answer.New => ValueTask.FromResult(true),
            _ => AskTheFileAsync(fingerprint, cancellationToken),
        };

    // Called once the run is over (nothing looks up any more); the job keeps the connection.
    public ValueTask DisposeAsync()
    {
        _lookup?.Dispose();
        _lookup = null;
        return ValueTask.CompletedTask;
    }

    internal static byte[] ToBytes(RequestFingerprint fingerprint) => fingerprint.ToBytes();

    internal static RequestFingerprint FromBytes(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    private async ValueTask<bool> AskTheFileAsync(RequestFingerprint fingerprint, CancellationToken cancellationToken)
    {
        using var held = await job.LockAsync(cancellationToken).ConfigureAwait(false);
        if (!job.Seen.Loaded)
        {
            LoadBloom();
            // Now a new fingerprint is answered from memory, and the first one need not look either.
            if (job.Seen.TryClaim(fingerprint) is var answer and not SeenFingerprints.Answer.AskTheFile)
            {
                return answer == SeenFingerprints.Answer.New;
            }
        }

        if (_lookup is null)
        {
            _lookup = job.Command("SELECT 1 FROM seen WHERE fingerprint = $fingerprint");
            _fingerprint = _lookup.Parameters.Add("$fingerprint", SqliteType.Blob);
            _lookup.Prepare();
        }

        _fingerprint!.Value = ToBytes(fingerprint);
        // The seen log's fingerprints are answered from memory; the index and the spilled claims are the file's.
        if (_lookup.ExecuteScalar() is not null || SpilledClaims.Contains(job, fingerprint))
        {
            job.Seen.Found(fingerprint);
            return false;
        }

        // Under the job's lock, so the file cannot have been given it since the look.
        return job.Seen.TryClaimAbsent(fingerprint);
    }

    // Once per job, at the first lookup: every fingerprint in the file, read in one scan (10 million in seconds).
    private void LoadBloom() => job.Seen.Load(SeenLog.Count(job), SeenLog.ReadAll(job), job.Admits.Fingerprints);
}
