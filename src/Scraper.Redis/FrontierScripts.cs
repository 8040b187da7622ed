namespace Scraper.Redis;

/// <summary>
/// The frontier's Lua scripts: each runs atomically in Redis, so two workers can never lease the same request, and
/// a request is always in exactly one of the queue and the leases until it is acknowledged.
/// Keys: queue (zset, score -priority, member the zero-padded sequence: FIFO within a priority), requests (hash,
/// member to the stored request), priorities (hash), leases (zset, score the expiry in Unix ms), lease owners (hash).
/// </summary>
internal static class FrontierScripts
{
    // Hands expired leases back to the queue first (a dead or hung worker's requests), at most 100 per call.
    private const string Requeue = """
        local expired = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[1], 'LIMIT', 0, 100)
        for _, member in ipairs(expired) do
          redis.call('ZREM', KEYS[4], member)
          redis.call('HDEL', KEYS[5], member)
          redis.call('ZADD', KEYS[1], -tonumber(redis.call('HGET', KEYS[3], member) or '0'), member)
        end
        """;

    /// <summary>
    /// KEYS queue, requests, priorities, leases, owners, live; ARGV now, expiry, worker, prefetch. Leases up to
    /// prefetch requests at once, highest priority first and first in first out within one, and returns
    /// {waiting, member1, request1, member2, request2, ...} ({waiting} alone when nothing is waiting).
    /// Fair share: at most ceil(waiting / live workers), so one worker never takes a batch that leaves another idle
    /// at the crawl's start or tail. The live workers are the zset of worker names scored by when they stop counting
    /// (this call, the heartbeat and the open refresh it by one lease timeout; a worker that stops in order leaves):
    /// an idle worker waiting for work holds no lease but counts, and a killed one stops counting with its leases.
    /// </summary>
    public const string Dequeue = Requeue + """

        redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', ARGV[1])
        redis.call('ZADD', KEYS[6], ARGV[2], ARGV[3])
        local waiting = redis.call('ZCARD', KEYS[1])
        if waiting == 0 then return {0} end
        local share = math.ceil(waiting / math.max(1, redis.call('ZCARD', KEYS[6])))
        local popped = redis.call('ZPOPMIN', KEYS[1], math.min(tonumber(ARGV[4]), share))
        local result = {waiting - #popped / 2}
        for i = 1, #popped, 2 do
          local member = popped[i]
          redis.call('ZADD', KEYS[4], ARGV[2], member)
          redis.call('HSET', KEYS[5], member, ARGV[3])
          result[#result + 1] = member
          result[#result + 1] = redis.call('HGET', KEYS[2], member)
        end
        return result
        """;

    /// <summary>
    /// KEYS queue, requests, priorities, leases, owners, seeded; ARGV now, lease timeout ms. Returns -1 when work is
    /// waiting, -2 when the crawl is over (seeded, nothing waiting, no lease held), else how long to wait at most (ms).
    /// </summary>
    public const string Check = Requeue + """

        if redis.call('ZCARD', KEYS[1]) > 0 then return -1 end
        if redis.call('EXISTS', KEYS[6]) == 0 then return tonumber(ARGV[2]) end
        local first = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
        if #first == 0 then return -2 end
        return math.max(1, tonumber(first[2]) - tonumber(ARGV[1]))
        """;

    /// <summary>
    /// KEYS queue, requests, priorities, leases, owners; ARGV member, work channel. The request is done wherever it
    /// is (a late acknowledgement of a lease that expired removes it from the queue too). Returns 1 when it was leased.
    /// </summary>
    public const string Acknowledge = """
        local leased = redis.call('ZREM', KEYS[4], ARGV[1])
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[5], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        if redis.call('ZCARD', KEYS[4]) == 0 and redis.call('ZCARD', KEYS[1]) == 0 then redis.call('PUBLISH', ARGV[2], 'idle') end
        return leased
        """;

    /// <summary>
    /// KEYS leases, owners, live; ARGV worker, expiry, members... Extends the members still this worker's; returns how
    /// many. The worker counts as live until the expiry (see <see cref="Dequeue"/>), even with no member.
    /// </summary>
    public const string Extend = """
        redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
        local extended = 0
        for i = 3, #ARGV do
          if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[1] then
            redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[i])
            extended = extended + 1
          end
        end
        return extended
        """;

    /// <summary>
    /// KEYS queue, priorities, leases, owners, live; ARGV worker, work channel, members... Hands this worker's leases
    /// back at once, and takes it off the live workers (it stops in order).
    /// </summary>
    public const string Return = """
        redis.call('ZREM', KEYS[5], ARGV[1])
        local returned = 0
        for i = 3, #ARGV do
          if redis.call('HGET', KEYS[4], ARGV[i]) == ARGV[1] then
            redis.call('ZREM', KEYS[3], ARGV[i])
            redis.call('HDEL', KEYS[4], ARGV[i])
            redis.call('ZADD', KEYS[1], -tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0'), ARGV[i])
            returned = returned + 1
          end
        end
        if returned > 0 then redis.call('PUBLISH', ARGV[2], 'work') end
        return returned
        """;
}
