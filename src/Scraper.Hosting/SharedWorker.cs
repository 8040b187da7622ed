using System.Security.Cryptography;
using System.Text;
using Scraper.Redis;

namespace Scraper.Hosting;

/// <summary>
/// A worker's identity in a shared crawl and its other shared-crawl keys: the name must stay the same across a
/// restart, so the restarted worker finds its committed export checkpoint in Redis and resumes its export.
/// </summary>
internal static class SharedWorker
{
    /// <summary>
    /// The worker's name: <c>Scraper:Worker</c>, or the machine name and a digest of the state folder's full path (two
    /// workers on one machine have two state folders, as their exports and run histories must not mix).
    /// </summary>
    public static string NameOf(ScraperHostOptions host)
    {
        if (host.Worker is { } worker)
        {
            return worker;
        }

        var folder = Path.GetFullPath(host.StateDirectory);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..8];
        return $"{Environment.MachineName}-{digest}";
    }

    /// <summary>Checks the worker name, the stream, the lease timeout, the retry timeout and the prefetch; null when they are fine.</summary>
    public static string? Check(ScraperHostOptions host)
    {
        if (host.Worker is { } worker && (string.IsNullOrWhiteSpace(worker) || worker.Any(char.IsControl) || worker.Length > 200))
        {
            return $"Scraper:Worker '{worker}' is not a worker name: give a name of up to 200 characters without control characters (for example the machine's name).";
        }

        if (host.RedisStream is { } stream && (string.IsNullOrWhiteSpace(stream) || stream.Any(char.IsControl)))
        {
            return "Scraper:RedisStream must be a Redis key without control characters (for example shop-items).";
        }

        if (host.RedisStreamMaxLength is <= 0)
        {
            return $"Scraper:RedisStreamMaxLength {host.RedisStreamMaxLength} must be positive (leave it out to keep every entry).";
        }

        if (host.RedisLeaseTimeout < TimeSpan.FromSeconds(1))
        {
            return $"Scraper:RedisLeaseTimeout {host.RedisLeaseTimeout} is too short: give at least 00:00:01, so a live worker extends its leases in time.";
        }

        if (host.RedisRetryTimeout < TimeSpan.Zero)
        {
            return $"Scraper:RedisRetryTimeout {host.RedisRetryTimeout} must not be negative: give how long a worker retries a lost Redis before its run fails (00:00:00: no retry).";
        }

        if (host.RedisPrefetch is < 1 or > RedisCrawlOptions.MaxPrefetch)
        {
            return $"Scraper:RedisPrefetch {host.RedisPrefetch} must be between 1 (one request at a time) and {RedisCrawlOptions.MaxPrefetch}: it is how many requests a worker leases in one round trip.";
        }

        return null;
    }
}
