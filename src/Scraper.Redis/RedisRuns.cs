using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// The crawl's one run, shared by its workers (key run, a hash: id, started in Unix ms, outcome once the crawl's end
/// was reached): the first worker to start names it, the others join it, so the run history shows one record per
/// crawl with a row per worker (<see cref="RedisStats"/>). Each field is set once, so a retried command changes nothing.
/// </summary>
internal static class RedisRuns
{
    /// <summary>
    /// KEYS run, workers, this worker's stats; ARGV proposed id, started ms, worker, now ms (its heartbeat). Joins the worker to the run (its
    /// row says Running from now on, with no failure reason) and returns {id, started ms} of the crawl's run.
    /// </summary>
    private const string Begin = """
        redis.call('HSETNX', KEYS[1], 'id', ARGV[1])
        redis.call('HSETNX', KEYS[1], 'started', ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[3])
        redis.call('HSET', KEYS[3], 'state', 'Running', 'seen', ARGV[4])
        redis.call('HDEL', KEYS[3], 'reason')
        return redis.call('HMGET', KEYS[1], 'id', 'started')
        """;

    /// <summary>Joins the crawl's run, or names it with <paramref name="id"/> and <paramref name="started"/> when this worker is the first.</summary>
    public static async Task<(string Id, DateTimeOffset Started)> BeginAsync(RedisCrawl crawl, string id, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var answer = (RedisResult[]?)await crawl.Database.ScriptEvaluateAsync(Begin, [crawl.Keys.Run, crawl.Keys.Workers, crawl.Keys.WorkerStats(crawl.Worker)], [id, started.ToUnixTimeMilliseconds(), crawl.Worker, crawl.Time.GetUtcNow().ToUnixTimeMilliseconds()]).WaitAsync(cancellationToken).ConfigureAwait(false) ?? [];
        return ((string?)answer[0] ?? id, DateTimeOffset.FromUnixTimeMilliseconds((long)answer[1]));
    }

    /// <summary>Records the crawl's outcome (its global end was reached); the first one recorded stays.</summary>
    public static Task EndAsync(RedisCrawl crawl, string outcome, CancellationToken cancellationToken) =>
        crawl.Database.HashSetAsync(crawl.Keys.Run, "outcome", outcome, When.NotExists).WaitAsync(cancellationToken);

    /// <summary>Reads the crawl's outcome; null while it goes on.</summary>
    public static async Task<string?> OutcomeAsync(RedisCrawl crawl, CancellationToken cancellationToken) =>
        (string?)await crawl.Database.HashGetAsync(crawl.Keys.Run, "outcome").WaitAsync(cancellationToken).ConfigureAwait(false);
}
