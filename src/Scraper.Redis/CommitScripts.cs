namespace Scraper.Redis;

/// <summary>
/// The scripts of exactly-once output across workers: a worker's acknowledgements, its exporters' checkpoint and the
/// items for the crawl's streams land in one atomic script, and a request is admitted together with its fingerprint.
/// </summary>
internal static class CommitScripts
{
    /// <summary>
    /// KEYS queue, requests, priorities, leases, owners, checkpoints, commits, streams...; ARGV worker, work channel,
    /// checkpoint (JSON, or empty), commit id, n, n members, then per stream its MAXLEN (0 for none), its count and its
    /// entries. The members must still be this worker's (or back in the queue, unclaimed): otherwise nothing is written
    /// and the answer is minus how many were lost to another worker. Otherwise returns n. The commit id (this frontier's
    /// token and a counter) is kept per worker: a commit retried after its answer was lost finds its own id and
    /// returns n again, without adding its stream items twice or finding its own acknowledged members "lost".
    /// </summary>
    public const string Commit = """
        local n = tonumber(ARGV[5])
        if redis.call('HGET', KEYS[7], ARGV[1]) == ARGV[4] then return n end
        local lost = 0
        for i = 6, 5 + n do
          local owner = redis.call('HGET', KEYS[5], ARGV[i])
          if owner ~= ARGV[1] and (owner or not redis.call('ZSCORE', KEYS[1], ARGV[i])) then lost = lost + 1 end
        end
        if lost > 0 then return -lost end
        for i = 6, 5 + n do
          redis.call('ZREM', KEYS[4], ARGV[i])
          redis.call('ZREM', KEYS[1], ARGV[i])
          redis.call('HDEL', KEYS[5], ARGV[i])
          redis.call('HDEL', KEYS[2], ARGV[i])
          redis.call('HDEL', KEYS[3], ARGV[i])
        end
        if ARGV[3] ~= '' then redis.call('HSET', KEYS[6], ARGV[1], ARGV[3]) end
        redis.call('HSET', KEYS[7], ARGV[1], ARGV[4])
        local a = 6 + n
        for k = 8, #KEYS do
          local maxlen = tonumber(ARGV[a])
          local count = tonumber(ARGV[a + 1])
          a = a + 2
          for j = a, a + count - 1 do
            if maxlen > 0 then
              redis.call('XADD', KEYS[k], 'MAXLEN', '~', maxlen, '*', 'item', ARGV[j])
            else
              redis.call('XADD', KEYS[k], '*', 'item', ARGV[j])
            end
          end
          a = a + count
        end
        if redis.call('ZCARD', KEYS[4]) == 0 and redis.call('ZCARD', KEYS[1]) == 0 then redis.call('PUBLISH', ARGV[2], 'idle') end
        return n
        """;

    /// <summary>
    /// KEYS queue, requests, priorities, sequence, seen, operation; ARGV work channel, operation ms (empty when no request
    /// of the range opts out of filtering), then per request its priority, its stored form, its fingerprint and
    /// whether it is filtered (1: don't filter). Each fingerprint is recorded and its request queued in one step: a
    /// worker killed in between can never leave a link marked seen that no one will fetch. A request whose fingerprint
    /// was already recorded is not queued (another worker found the link first), unless it opts out of filtering.
    /// A retry of a range that was applied, its answer lost, finds every fingerprint recorded and queues nothing, so no
    /// link is queued twice; a range with a request that opts out of filtering is queued whatever the set holds, so its
    /// retry is recognised by the operation key instead (written only then, expiring after the retry budget). Requests
    /// are queued in order, FIFO within a priority. Returns the queue length.
    /// </summary>
    public const string Admit = """
        if ARGV[2] ~= '' and not redis.call('SET', KEYS[6], '1', 'NX', 'PX', ARGV[2]) then return redis.call('ZCARD', KEYS[1]) end
        local before = redis.call('ZCARD', KEYS[1])
        for i = 3, #ARGV, 4 do
          if redis.call('SADD', KEYS[5], ARGV[i + 2]) == 1 or ARGV[i + 3] == '1' then
            local member = string.format('%016d', redis.call('INCR', KEYS[4]))
            redis.call('HSET', KEYS[2], member, ARGV[i + 1])
            redis.call('HSET', KEYS[3], member, ARGV[i])
            redis.call('ZADD', KEYS[1], -tonumber(ARGV[i]), member)
          end
        end
        local waiting = redis.call('ZCARD', KEYS[1])
        if before == 0 and waiting > 0 then redis.call('PUBLISH', ARGV[1], 'work') end
        return waiting
        """;

    /// <summary>
    /// KEYS stream, operation; ARGV operation ms, MAXLEN (0 for none), entries. Appends the entries, once: a retry
    /// after a lost answer finds the operation key and appends nothing. Returns how many it appended.
    /// </summary>
    public const string Append = """
        if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return 0 end
        local maxlen = tonumber(ARGV[2])
        for i = 3, #ARGV do
          if maxlen > 0 then
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', maxlen, '*', 'item', ARGV[i])
          else
            redis.call('XADD', KEYS[1], '*', 'item', ARGV[i])
          end
        end
        return #ARGV - 2
        """;

    /// <summary>
    /// KEYS publishing, finished, queue, leases, seeded; ARGV worker. The worker's run ended and its exporters are
    /// about to publish: it is marked as publishing (its checkpoint stays until the publication is confirmed, see
    /// <see cref="Published"/>), and when the whole crawl is over (seeded, nothing waiting, no lease), the crawl is
    /// marked finished. Each write is idempotent, so a retry changes nothing.
    /// </summary>
    public const string Finish = """
        redis.call('HSET', KEYS[1], ARGV[1], '1')
        if redis.call('EXISTS', KEYS[5]) == 1 and redis.call('ZCARD', KEYS[3]) == 0 and redis.call('ZCARD', KEYS[4]) == 0 then
          redis.call('SET', KEYS[2], '1')
        end
        return 1
        """;

    /// <summary>
    /// KEYS checkpoints, commits, publishing; ARGV worker. The worker's export is published: its checkpoint, its last
    /// commit id and its publishing mark go together (each HDEL is idempotent, so a retry changes nothing).
    /// </summary>
    public const string Published = """
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        return 1
        """;
}
