using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// The Redis commands a worker sends, each through the crawl's <see cref="RedisRetry"/>: the one place where a lost
/// connection is ridden out. Only the commands the crawl uses are here, so a new one is added knowingly: it will be
/// sent again after a failure that may have been applied, so it must be idempotent (the scripts say how each is).
/// </summary>
internal sealed class RedisCommands(IDatabase database, RedisRetry retry, CancellationToken closing)
{
    public Task<RedisResult> ScriptEvaluateAsync(string script, RedisKey[]? keys = null, RedisValue[]? values = null) =>
        retry.RunAsync(() => database.ScriptEvaluateAsync(script, keys, values), closing);

    /// <summary>Sent once, without an answer (a politeness place's release): not retried; what it frees expires by itself.</summary>
    public void ScriptEvaluate(string script, RedisKey[] keys, RedisValue[] values, CommandFlags flags) =>
        database.ScriptEvaluate(script, keys, values, flags);

    public Task<RedisValue> StringSetAndGetAsync(RedisKey key, RedisValue value, When when = When.Always) =>
        retry.RunAsync(() => database.StringSetAndGetAsync(key, value, when: when), closing);

    public Task<bool> StringSetAsync(RedisKey key, RedisValue value, When when = When.Always) =>
        retry.RunAsync(() => database.StringSetAsync(key, value, when: when), closing);

    public Task<long> PublishAsync(RedisChannel channel, RedisValue message) =>
        retry.RunAsync(() => database.PublishAsync(channel, message), closing);

    public Task<RedisValue> HashGetAsync(RedisKey key, RedisValue field) =>
        retry.RunAsync(() => database.HashGetAsync(key, field), closing);

    public Task<RedisValue[]> HashGetAsync(RedisKey key, RedisValue[] fields) =>
        retry.RunAsync(() => database.HashGetAsync(key, fields), closing);

    public Task<bool> HashSetAsync(RedisKey key, RedisValue field, RedisValue value, When when = When.Always) =>
        retry.RunAsync(() => database.HashSetAsync(key, field, value, when), closing);

    public Task HashSetAsync(RedisKey key, HashEntry[] entries) =>
        retry.RunAsync(async () =>
        {
            await database.HashSetAsync(key, entries).ConfigureAwait(false);
            return true;
        }, closing);

    public Task<bool> HashDeleteAsync(RedisKey key, RedisValue field) =>
        retry.RunAsync(() => database.HashDeleteAsync(key, field), closing);

    public Task<bool> SetAddAsync(RedisKey key, RedisValue value) =>
        retry.RunAsync(() => database.SetAddAsync(key, value), closing);

    public Task<bool> SetContainsAsync(RedisKey key, RedisValue value) =>
        retry.RunAsync(() => database.SetContainsAsync(key, value), closing);

    public Task<bool[]> SetContainsAsync(RedisKey key, RedisValue[] values) =>
        retry.RunAsync(() => database.SetContainsAsync(key, values), closing);

    public Task<bool> KeyExistsAsync(RedisKey key) =>
        retry.RunAsync(() => database.KeyExistsAsync(key), closing);

    public Task<RedisValue[]> SetMembersAsync(RedisKey key) =>
        retry.RunAsync(() => database.SetMembersAsync(key), closing);

    public Task<bool> KeyDeleteAsync(RedisKey key) =>
        retry.RunAsync(() => database.KeyDeleteAsync(key), closing);
}
