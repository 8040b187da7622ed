using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Crawling.Scheduling;
using Scraper.Http.SessionStores;
using Scraper.Sqlite;

namespace Scraper.Hosting;

/// <summary>
/// Opens the store of one spider run: by default its SQLite job file (resumed after a stop or a crash, started over
/// once the last run finished), or memory with <see cref="ScraperStore.Memory"/>. <c>--fresh</c> starts each job
/// over once per process, not on every scheduled run.
/// </summary>
internal sealed partial class CrawlJobs(IOptions<ScraperHostOptions> options, TimeProvider timeProvider, ILogger<CrawlJobs> logger, SharedCrawl shared)
{
    private readonly HashSet<string> _startedFresh = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public async Task<CrawlJob> OpenAsync(string spider, CancellationToken cancellationToken)
    {
        var host = options.Value;
        if (shared.Enabled)
        {
            // A worker restarted under its name owns the export its last commit names, and resumes it.
            var crawl = await shared.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return new CrawlJob(null) { Shared = crawl, SharedCheckpoints = await crawl.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false) };
        }

        if (host.Store == ScraperStore.Memory)
        {
            return new CrawlJob(null);
        }

        var path = Path.GetFullPath(host.JobFileOf(spider));
        bool fresh;
        lock (_lock)
        {
            fresh = host.Fresh && _startedFresh.Add(path);
        }

        var job = await SqliteCrawlJob.OpenAsync(path, new SqliteJobOptions { Fresh = fresh, CommitBatchSize = host.JobCommitBatchSize }, timeProvider, cancellationToken).ConfigureAwait(false);
        DeleteDiscardedExports(spider, job);
        if (!job.StartedOver && job.CreateFrontier().Count > 0)
        {
            LogResuming(spider, path, job.Reclaimed);
        }

        return new CrawlJob(job);
    }

    /// <summary>
    /// Deletes the unpublished export a job started over with --fresh leaves behind: its temporary file (a dot first,
    /// <c>.tmp</c> last), never a target that was appended to.
    /// </summary>
    private void DeleteDiscardedExports(string spider, SqliteCrawlJob job)
    {
        foreach (var checkpoint in job.DiscardedExportCheckpoints.OfType<Scraper.Items.ExportCheckpoint>())
        {
            var name = Path.GetFileName(checkpoint.Path);
            if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal) && File.Exists(checkpoint.Path))
            {
                File.Delete(checkpoint.Path);
                LogDiscarded(spider, checkpoint.Path, checkpoint.Items);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Spider {Spider} starts its job over (--fresh): deleted its unfinished export {Path} ({Items} items)")]
    private partial void LogDiscarded(string spider, string path, long items);

    [LoggerMessage(Level = LogLevel.Information, Message = "Spider {Spider} resumes its job {Path} ({Reclaimed} requests were in flight when it stopped)")]
    private partial void LogResuming(string spider, string path, long reclaimed);
}

/// <summary>
/// The store of one run: the SQLite job's frontier, filter and sessions, a shared crawl's in Redis (<see cref="Shared"/>),
/// or memory when both are null.
/// </summary>
internal sealed class CrawlJob(SqliteCrawlJob? job) : IAsyncDisposable
{
    public SqliteCrawlJob? Job { get; } = job;

    /// <summary>Gets the shared crawl in Redis, owned by the host (not disposed with the run); null for a crawl of this process alone.</summary>
    public Scraper.Redis.RedisCrawl? Shared { get; init; }

    public Func<IFrontier> Frontier => Shared is { } shared ? shared.CreateFrontier : Job is { } job ? job.CreateFrontier : static () => new MemoryFrontier();

    public Func<IDuplicateFilter> DuplicateFilter => Shared is { } shared ? shared.CreateDuplicateFilter : Job is { } job ? job.CreateDuplicateFilter : static () => new MemoryDuplicateFilter();

    public ISessionStore? Sessions => Shared?.Sessions ?? Job?.Sessions;

    /// <summary>Gets this worker's last committed checkpoints in the shared crawl (empty when it has none).</summary>
    public IReadOnlyList<Scraper.Items.ExportCheckpoint?> SharedCheckpoints { get; init; } = [];

    /// <summary>Gets the export files the unfinished job's (or the shared worker's) last commit names: they are its, resumed by this run.</summary>
    public IReadOnlySet<string> OwnedExports =>
        Checkpoints.OfType<Scraper.Items.ExportCheckpoint>().Where(checkpoint => Path.IsPathFullyQualified(checkpoint.Path)).Select(checkpoint => Path.GetFullPath(checkpoint.Path)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Gets how many items the resumed export holds (its last committed checkpoint); 0 when it starts a new one.</summary>
    public long ResumedExportItems => Checkpoints is [{ } first, ..] ? first.Items : 0;

    /// <summary>Gets the file the run's one exporter resumes (the hosted worker has one, at position 0); null when it starts a new one.</summary>
    public string? ResumedExport => Checkpoints is [{ } first, ..] ? first.Path : null;

    private IReadOnlyList<Scraper.Items.ExportCheckpoint?> Checkpoints => Job?.ExportCheckpoints ?? SharedCheckpoints;

    /// <summary>Returns the run an unfinished job belongs to (a resumed run goes on as it); null for a new job or memory.</summary>
    public async Task<JobRun?> ReadRunAsync(CancellationToken cancellationToken)
    {
        if (Job is not { } job || await job.ReadNoteAsync(JobRun.NoteKey, cancellationToken).ConfigureAwait(false) is not { } note)
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(note, RunHistoryJson.Default.JobRun);
        }
        catch (System.Text.Json.JsonException)
        {
            // Informational only: a run that cannot be read is resumed under a new id, from zero.
            return null;
        }
    }

    /// <summary>Stores the run the job belongs to, with its counters so far.</summary>
    public Task SaveRunAsync(JobRun run, CancellationToken cancellationToken) =>
        Job is { } job ? job.WriteNoteAsync(JobRun.NoteKey, System.Text.Json.JsonSerializer.Serialize(run, RunHistoryJson.Default.JobRun), cancellationToken) : Task.CompletedTask;

    /// <summary>Marks the job finished when the crawl ran to its end, so the next run starts over; a stopped one resumes.</summary>
    public Task EndAsync(Scraper.Crawling.CrawlOutcome outcome, CancellationToken cancellationToken) =>
        Job is { } job && outcome is Scraper.Crawling.CrawlOutcome.Completed or Scraper.Crawling.CrawlOutcome.LimitReached
            ? job.MarkFinishedAsync(cancellationToken)
            : Task.CompletedTask;

    public ValueTask DisposeAsync() => Job?.DisposeAsync() ?? ValueTask.CompletedTask;
}
