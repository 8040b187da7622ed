namespace Scraper.Redis;

/// <summary>
/// The crawl's login lock: keys generation (how many logins the crawl has done for the session) and lock (the
/// worker logging in now, expiring after <see cref="RedisCrawlOptions.LoginLockTimeout"/> should it die meanwhile).
/// </summary>
internal static class LoginScripts
{
    /// <summary>
    /// KEYS generation, lock; ARGV observed generation, token, lock ms. Returns {1, generation} when another worker
    /// logged in since, {2, generation} when this one holds the lock now (also when a retry finds its own lock, taken
    /// by an attempt whose answer was lost), {0, ms} when another holds it.
    /// </summary>
    public const string TryLock = """
        local generation = tonumber(redis.call('GET', KEYS[1]) or '0')
        if generation > tonumber(ARGV[1]) then return {1, generation} end
        if redis.call('GET', KEYS[2]) == ARGV[2] then return {2, generation} end
        if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then return {2, generation} end
        return {0, math.max(1, redis.call('PTTL', KEYS[2]))}
        """;

    /// <summary>KEYS generation, lock; ARGV token, login channel, succeeded (1 or 0). Ends this worker's login; returns the generation.</summary>
    public const string Unlock = """
        if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
        local generation
        if ARGV[3] == '1' then generation = redis.call('INCR', KEYS[1]) else generation = tonumber(redis.call('GET', KEYS[1]) or '0') end
        redis.call('PUBLISH', ARGV[2], 'login')
        return generation
        """;
}
