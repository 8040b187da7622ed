namespace Scraper.Redis;

/// <summary>
/// The shared politeness scripts, one domain each. Keys: places (zset: one member per request in flight anywhere,
/// score the time it expires, so a killed worker's places free themselves) and state (hash: next send, pause end,
/// Crawl-delay, all in Unix ms). Atomic, so N workers together never exceed the domain's limit or its spacing.
/// </summary>
internal static class PolitenessScripts
{
    /// <summary>
    /// KEYS places, state; ARGV now, limit, delay ms, jitter factor, place id, place lifetime ms.
    /// Returns {1, wait ms} with the place taken (send after the wait), or {0, ms} when full (wait at most that long).
    /// A retry that finds its place taken (the first answer was lost) gets it at once rather than a second place.
    /// </summary>
    public const string Acquire = """
        local now = tonumber(ARGV[1])
        if redis.call('ZSCORE', KEYS[1], ARGV[5]) then return {1, 0} end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
          local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
          return {0, math.max(1, math.floor(tonumber(first[2]) - now))}
        end
        local state = redis.call('HMGET', KEYS[2], 'next', 'paused', 'crawl_delay')
        local sendAt = math.max(now, tonumber(state[1] or '0'), tonumber(state[2] or '0'))
        local delay = math.max(tonumber(ARGV[3]), tonumber(state[3] or '0')) * tonumber(ARGV[4])
        redis.call('HSET', KEYS[2], 'next', math.floor(sendAt + delay))
        redis.call('ZADD', KEYS[1], sendAt + tonumber(ARGV[6]), ARGV[5])
        return {1, math.floor(sendAt - now)}
        """;

    /// <summary>KEYS places; ARGV place id, released channel, domain. Frees a place and wakes the workers waiting for one.</summary>
    public const string Release = """
        if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
        return 0
        """;

    /// <summary>KEYS state; ARGV field, value. Raises a field (the pause end, the Crawl-delay), never lowers it.</summary>
    public const string Raise = """
        local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
        if tonumber(ARGV[2]) > current then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
        return 0
        """;
}
