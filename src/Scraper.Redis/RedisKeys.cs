using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// The names of one crawl's keys and channels. Every key carries the crawl in a hash tag (<c>{name}</c>), so on a
/// Redis Cluster they share a slot and one Lua script may touch several of them.
/// </summary>
internal sealed class RedisKeys(string crawl)
{
    private readonly string _prefix = $"scraper:{{{crawl}}}:";

    public string Crawl { get; } = crawl;

    public RedisKey Queue => _prefix + "queue";

    public RedisKey Requests => _prefix + "requests";

    public RedisKey Priorities => _prefix + "priorities";

    public RedisKey Sequence => _prefix + "sequence";

    public RedisKey Leases => _prefix + "leases";

    public RedisKey LeaseOwners => _prefix + "lease-owners";

    /// <summary>
    /// Gets the zset of the crawl's live workers, scored by when each stops counting (Unix ms): the frontier's fair
    /// share of a batch divides by them (see <see cref="FrontierScripts.Dequeue"/>).
    /// </summary>
    public RedisKey Live => _prefix + "live";

    public RedisKey Seeded => _prefix + "seeded";

    public RedisKey SeedClaim => _prefix + "seed-claim";

    public RedisKey Seen => _prefix + "seen";

    public RedisKey Spider => _prefix + "spider";

    public RedisKey Sessions => _prefix + "sessions";

    public RedisKey Workers => _prefix + "workers";

    /// <summary>Gets the hash of each worker's committed export checkpoints, by worker name.</summary>
    public RedisKey Checkpoints => _prefix + "checkpoints";

    /// <summary>Gets the hash of each worker's last applied commit id, by worker name (a retried commit finds its own).</summary>
    public RedisKey Commits => _prefix + "commits";

    /// <summary>
    /// Gets the hash of the workers whose run ended and whose export is being published, by worker name: their
    /// checkpoint stays until the publication is confirmed, so a worker killed in between can tell, restarted, whether
    /// its export was published (its temporary file is gone) or is to be resumed and published.
    /// </summary>
    public RedisKey Publishing => _prefix + "publishing";

    /// <summary>Gets the mark a worker leaves when it saw the whole crawl end.</summary>
    public RedisKey Finished => _prefix + "finished";

    /// <summary>Gets the hash of the crawl's one run (id, start, outcome), shared by its workers.</summary>
    public RedisKey Run => _prefix + "run";

    public RedisChannel WorkChannel => RedisChannel.Literal(_prefix + "work");

    public RedisChannel ReleasedChannel => RedisChannel.Literal(_prefix + "released");

    public RedisChannel LoginChannel => RedisChannel.Literal(_prefix + "login");

    public RedisKey Places(string domain) => _prefix + "places:" + domain;

    public RedisKey Politeness(string domain) => _prefix + "politeness:" + domain;

    public RedisKey LoginGeneration(string session) => _prefix + "login-generation:" + session;

    public RedisKey LoginLock(string session) => _prefix + "login-lock:" + session;

    public RedisKey WorkerStats(string worker) => _prefix + "stats:" + worker;

    /// <summary>One command's mark, so a retry of it after a lost answer is not applied twice (expires by itself).</summary>
    public RedisKey Operation(string id) => _prefix + "op:" + id;
}
