using System.Globalization;
using System.Text.Json;
using Scraper.Crawling.Scheduling;
using Scraper.Http.SessionStores;
using Scraper.Items;

namespace Scraper.Sqlite;

/// <summary>
/// A resumable crawl job in one SQLite file (WAL mode): its frontier with leases, its duplicate filter and its
/// sessions' cookies. Kill the process at any point and open the job again: requests leased but not acknowledged are
/// handed out again, nothing admitted is lost, and the start requests are not seeded twice.
/// </summary>
/// <example>
/// <code>
/// await using var job = await SqliteCrawlJob.OpenAsync("state/jobs/shop.db");
/// var crawler = new Crawler(new ShopSpider(), options, new CrawlerServices
/// {
///     FrontierFactory = job.CreateFrontier,
///     DuplicateFilterFactory = job.CreateDuplicateFilter,
///     SessionStore = job.Sessions,
/// });
/// </code>
/// </example>
public sealed class SqliteCrawlJob : IAsyncDisposable
{
    private const string FinishedKey = "finished";
    private readonly JobConnection _job;
    private readonly TimeProvider _time;
    private readonly SqliteJobOptions _options;

    private const string NotePrefix = "note:";

    private SqliteCrawlJob(JobConnection job, TimeProvider time, SqliteJobOptions options, long reclaimed)
    {
        _job = job;
        _time = time;
        _options = options;
        Reclaimed = reclaimed;
        Sessions = new SqliteSessionStore(job, time);
        ExportCheckpoints = ReadCheckpoints(job);
    }

    /// <summary>Gets the job's connection (tests set SQLite limits on it).</summary>
    internal JobConnection Connection => _job;

    /// <summary>Gets the job file.</summary>
    public string Path => _job.Path;

    /// <summary>Gets how many requests an earlier process had leased and not acknowledged, now waiting again.</summary>
    public long Reclaimed { get; }

    /// <summary>
    /// Gets a value indicating whether this open started the job over: asked to (<see cref="SqliteJobOptions.Fresh"/>),
    /// or the last run had finished it (<see cref="MarkFinishedAsync"/>).
    /// </summary>
    public bool StartedOver { get; private init; }

    /// <summary>
    /// Gets the exporters' checkpoints the job's last commit stored, by exporter position, as the job was opened: the
    /// files named there belong to the job (a resumed run continues them), so they must not be moved or deleted until
    /// it completes. Empty for a new job, or one started over.
    /// </summary>
    public IReadOnlyList<ExportCheckpoint?> ExportCheckpoints { get; }

    /// <summary>
    /// Gets the exporters' checkpoints a <see cref="SqliteJobOptions.Fresh"/> open threw away: the files they name were the
    /// unfinished job's export in progress, never published, which the caller may delete. Empty otherwise.
    /// </summary>
    public IReadOnlyList<ExportCheckpoint?> DiscardedExportCheckpoints { get; private init; } = [];

    /// <summary>Gets the job's session store (cookies per session of the spider).</summary>
    public ISessionStore Sessions { get; }

    /// <summary>Opens a job file, creating it (readable by its owner only) when it does not exist.</summary>
    /// <param name="path">The file, e.g. <c>state/jobs/shop.db</c>; its folder is created when missing.</param>
    /// <param name="options">Whether to start over, and the lease timeout; defaults when null.</param>
    /// <param name="timeProvider">The clock for leases; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The job.</returns>
    /// <exception cref="JobFileException">The file is damaged, foreign, of an incompatible version or in use; the message names it.</exception>
    public static Task<SqliteCrawlJob> OpenAsync(string path, SqliteJobOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new SqliteJobOptions();
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var time = timeProvider ?? TimeProvider.System;
        var full = System.IO.Path.GetFullPath(path);
        // SQLite's API is synchronous; opening is a few file operations at start, not worth a thread of its own.
        var job = new JobConnection(JobFile.Open(full, time), full);
        try
        {
            // A job that ran to its end starts over next time (a scheduled crawl runs again); one that stopped resumes.
            var startOver = options.Fresh || JobSchema.Scalar(job.Connection, $"SELECT value FROM scraper_state WHERE key = '{FinishedKey}'") is "1";
            var discarded = options.Fresh ? ReadDiscardedCheckpoints(job) : [];
            if (startOver)
            {
                // Starting over after a finished run keeps the incremental history (the next run skips by it); --fresh forgets it.
                var history = options.Fresh ? " DELETE FROM visits; DELETE FROM item_versions;" : string.Empty;
                JobSchema.Execute(job.Connection, $"BEGIN; DELETE FROM frontier; DELETE FROM seen; DELETE FROM seen_log; DELETE FROM scraper_state;{history} COMMIT;");
            }

            // The file is locked to this process, so every lease in it belongs to a process that is gone.
            using var reclaim = job.Command("UPDATE frontier SET leased_until = NULL WHERE leased_until IS NOT NULL");
            var reclaimed = reclaim.ExecuteNonQuery();
            SeenLog.Load(job);
            return Task.FromResult(new SqliteCrawlJob(job, time, options, reclaimed) { StartedOver = startOver, DiscardedExportCheckpoints = discarded });
        }
        catch
        {
            job.Dispose();
            throw;
        }
    }

    /// <summary>Returns the job's frontier, for <c>CrawlerServices.FrontierFactory</c> (one per run; the job keeps the file open).</summary>
    /// <returns>The frontier.</returns>
    public IFrontier CreateFrontier()
    {
        using var count = _job.Command("SELECT count(*) FROM frontier WHERE leased_until IS NULL");
        return new SqliteFrontier(_job, _time, _options, Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    /// <summary>Returns the job's duplicate filter, for <c>CrawlerServices.DuplicateFilterFactory</c>.</summary>
    /// <returns>The filter.</returns>
    public IDuplicateFilter CreateDuplicateFilter() => new SqliteDuplicateFilter(_job);

    /// <summary>
    /// Records that the crawl ran to its end (completed, or stopped at its limit): the next open starts the job over
    /// instead of resuming an empty frontier. A crawl that was stopped or crashed is not marked, and resumes.
    /// </summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the mark is stored.</returns>
    public async Task MarkFinishedAsync(CancellationToken cancellationToken = default)
    {
        using (await _job.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            MarkFinished(_job);
        }
    }

    /// <summary>
    /// Returns a note the caller keeps with the job until it starts over (the host keeps its run's identity and counters
    /// here, so a resumed run goes on with them).
    /// </summary>
    /// <param name="key">The note's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The note, or null when there is none (a new job, or one started over).</returns>
    public async Task<string?> ReadNoteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        using (await _job.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            using var read = _job.Command("SELECT value FROM scraper_state WHERE key = $key");
            read.Parameters.AddWithValue("$key", NotePrefix + key);
            return read.ExecuteScalar() as string;
        }
    }

    /// <summary>Stores a note with the job (see <see cref="ReadNoteAsync"/>), replacing the one of that name.</summary>
    /// <param name="key">The note's name.</param>
    /// <param name="value">The note.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the note is stored.</returns>
    public async Task WriteNoteAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        using (await _job.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            using var write = _job.Command("INSERT OR REPLACE INTO scraper_state (key, value) VALUES ($key, $value)");
            write.Parameters.AddWithValue("$key", NotePrefix + key);
            write.Parameters.AddWithValue("$value", value);
            write.ExecuteNonQuery();
        }
    }

    internal static void MarkFinished(JobConnection job) =>
        JobSchema.Execute(job.Connection, $"INSERT OR REPLACE INTO scraper_state (key, value) VALUES ('{FinishedKey}', '1')");

    // Starting over anyway: checkpoints that cannot be read name no file to clean up.
    private static IReadOnlyList<ExportCheckpoint?> ReadDiscardedCheckpoints(JobConnection job)
    {
        try
        {
            return ReadCheckpoints(job);
        }
        catch (JobFileException)
        {
            return [];
        }
    }

    internal static IReadOnlyList<ExportCheckpoint?> ReadCheckpoints(JobConnection job)
    {
        using var read = job.Command($"SELECT value FROM scraper_state WHERE key = '{CheckpointJson.Key}'");
        if (read.ExecuteScalar() is not string data)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(data, CheckpointJson.Default.ExportCheckpointArray) ?? [];
        }
        catch (JsonException ex)
        {
            throw JobSchema.Refuse(job.Path, $"holds export checkpoints that cannot be read ({ex.Message}). Nothing was changed; start the job over with --fresh.", ex);
        }
    }

    /// <summary>Closes the file (its lock is released; the job can be opened again), writing the requests admitted since the last write.</summary>
    /// <returns>A task that completes when it is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            // Requests admitted since the last write go in: closing is not a crash.
            using (await _job.LockAsync(CancellationToken.None).ConfigureAwait(false))
            {
                _job.Admits.Flush(_job);
            }
        }
        finally
        {
            _job.Dispose();
        }
    }
}
