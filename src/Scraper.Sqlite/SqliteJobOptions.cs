namespace Scraper.Sqlite;

/// <summary>How a <see cref="SqliteCrawlJob"/> is opened.</summary>
public sealed class SqliteJobOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether the job starts over: its queued requests, seen fingerprints and the
    /// start-requests mark are cleared, and so is the incremental history (what earlier runs visited and exported);
    /// saved sessions stay, so a login is not repeated needlessly.
    /// </summary>
    /// <value>The default value is false: the job resumes where it stopped.</value>
    public bool Fresh { get; set; }

    /// <summary>
    /// Gets or sets how long a leased request may stay unacknowledged before it is handed out again within the same
    /// run. Leases left by a process that died are handed out again when the job is next opened, whatever this is.
    /// </summary>
    /// <value>The default value is null: never within a run (the engine acknowledges or keeps every lease itself).</value>
    public TimeSpan? LeaseTimeout { get; set; }

    /// <summary>
    /// Gets or sets how many acknowledged requests the engine collects before it commits them with the exporters'
    /// checkpoints in one transaction (one disk sync of the exports per commit).
    /// </summary>
    /// <value>The default value is 256.</value>
    public int CommitBatchSize { get; set; } = 256;

    /// <summary>Gets or sets how long acknowledged requests may wait before they are committed, at most (checked as items flow).</summary>
    /// <value>The default value is one second.</value>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (CommitBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CommitBatchSize), CommitBatchSize, "SqliteJobOptions.CommitBatchSize must be at least 1.");
        }

        if (CommitInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CommitInterval), CommitInterval, "SqliteJobOptions.CommitInterval must not be negative.");
        }

        if (LeaseTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseTimeout), timeout, "SqliteJobOptions.LeaseTimeout must be positive (or null for no timeout).");
        }
    }
}
