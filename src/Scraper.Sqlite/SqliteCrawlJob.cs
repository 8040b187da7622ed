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

    private SqliteCrawlJob(JobConnection job, TimeProvider time, SqliteJobOptions options, long reclaimed)
    {
        _job = job;
        _time = time;
        _options = options;
        Reclaimed = reclaimed;
        Sessions = new SqliteSessionStore(job, time);
        ExportCheckpoints = ReadCheckpoints(job);
    }

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
            if (startOver)
            {
                JobSchema.Execute(job.Connection, "BEGIN; DELETE FROM frontier; DELETE FROM seen; DELETE FROM scraper_state; COMMIT;");
            }

            // The file is locked to this process, so every lease in it belongs to a process that is gone.
            using var reclaim = job.Command("UPDATE frontier SET leased_until = NULL WHERE leased_until IS NOT NULL");
            var reclaimed = reclaim.ExecuteNonQuery();
            return Task.FromResult(new SqliteCrawlJob(job, time, options, reclaimed) { StartedOver = startOver });
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

    internal static void MarkFinished(JobConnection job) =>
        JobSchema.Execute(job.Connection, $"INSERT OR REPLACE INTO scraper_state (key, value) VALUES ('{FinishedKey}', '1')");

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

    /// <summary>Closes the file (its lock is released; the job can be opened again).</summary>
    /// <returns>A task that completes when it is closed.</returns>
    public ValueTask DisposeAsync()
    {
        _job.Dispose();
        return ValueTask.CompletedTask;
    }
}
