namespace Scraper.Sqlite;

/// <summary>How a <see cref="SqliteCrawlJob"/> is opened.</summary>
public sealed class SqliteJobOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether the job starts over: its queued requests, seen fingerprints and the
    /// start-requests mark are cleared (saved sessions stay, so a login is not repeated needlessly).
    /// </summary>
    /// <value>The default value is false: the job resumes where it stopped.</value>
    public bool Fresh { get; set; }

    /// <summary>
    /// Gets or sets how long a leased request may stay unacknowledged before it is handed out again within the same
    /// run. Leases left by a process that died are handed out again when the job is next opened, whatever this is.
    /// </summary>
    /// <value>The default value is null: never within a run (the engine acknowledges or keeps every lease itself).</value>
    public TimeSpan? LeaseTimeout { get; set; }

    internal void Validate()
    {
        if (LeaseTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseTimeout), timeout, "SqliteJobOptions.LeaseTimeout must be positive (or null for no timeout).");
        }
    }
}
