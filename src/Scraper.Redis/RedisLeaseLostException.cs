namespace Scraper.Redis;

/// <summary>
/// A worker's commit was refused because some of the requests it finished had meanwhile gone to another worker (this
/// one stopped extending its leases for longer than the lease timeout: hung, or cut off from Redis). Committing would
/// export their items twice, so the run fails instead; restarted with the same worker name, the worker reopens its
/// export at its last committed checkpoint, which cuts those items off.
/// </summary>
public sealed class RedisLeaseLostException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message, naming the crawl and the worker.</param>
    public RedisLeaseLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisLeaseLostException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RedisLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
