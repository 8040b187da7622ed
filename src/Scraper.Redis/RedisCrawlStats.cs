namespace Scraper.Redis;

/// <summary>One worker's row of a shared crawl's stats.</summary>
/// <param name="Worker">The worker's name.</param>
/// <param name="Requests">Requests it sent.</param>
/// <param name="Responses">Responses it received.</param>
/// <param name="Items">Items it scraped.</param>
/// <param name="Errors">Errors it counted.</param>
/// <param name="Retries">Retries it made.</param>
/// <param name="Logins">Logins it ran.</param>
/// <param name="State">Where its run is: <c>Running</c>, or how it ended (<c>Completed</c>, <c>Cancelled</c>, <c>Failed</c>); empty when not said.</param>
/// <param name="CommandRetries">Redis commands it sent again after a transient failure (a Redis restart).</param>
public sealed record RedisWorkerStats(string Worker, long Requests, long Responses, long Items, long Errors, long Retries, long Logins, string State = "", long CommandRetries = 0)
{
    /// <summary>Gets how many requests the worker held leased when it wrote its row (in flight, or done and not yet committed).</summary>
    public long Leases { get; init; }

    /// <summary>Gets when the worker last wrote its row (its heartbeat); null when it never said.</summary>
    public DateTimeOffset? Heartbeat { get; init; }

    /// <summary>Gets why its run failed (a start refused by a finished crawl or another spider build, its leases lost); null otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets how often the worker writes its row while it runs; zero when it did not say.</summary>
    public TimeSpan ReportInterval { get; init; }

    /// <summary>
    /// Tells whether a worker said to be running has not written its row for three of its report intervals: killed,
    /// hung or cut off from Redis (its leases go to the others after the lease timeout).
    /// </summary>
    /// <param name="now">The time now.</param>
    /// <returns>True when it is overdue.</returns>
    public bool IsSilent(DateTimeOffset now) =>
        State == "Running" && Heartbeat is { } heartbeat && ReportInterval > TimeSpan.Zero && now - heartbeat > 3 * ReportInterval;
}

/// <summary>A shared crawl's stats: every worker's row and their sum.</summary>
/// <param name="Workers">One row per worker that recorded its stats.</param>
public sealed record RedisCrawlStats(IReadOnlyList<RedisWorkerStats> Workers)
{
    /// <summary>Gets the requests sent by all workers.</summary>
    public long Requests => Workers.Sum(worker => worker.Requests);

    /// <summary>Gets the responses received by all workers.</summary>
    public long Responses => Workers.Sum(worker => worker.Responses);

    /// <summary>Gets the items scraped by all workers.</summary>
    public long Items => Workers.Sum(worker => worker.Items);

    /// <summary>Gets the errors counted by all workers.</summary>
    public long Errors => Workers.Sum(worker => worker.Errors);

    /// <summary>Gets the retries made by all workers.</summary>
    public long Retries => Workers.Sum(worker => worker.Retries);

    /// <summary>Gets the logins run by all workers: one per session for the crawl when the login lock works.</summary>
    public long Logins => Workers.Sum(worker => worker.Logins);
}
