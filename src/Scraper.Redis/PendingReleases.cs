using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// Politeness places freed while Redis was away. A release is sent without waiting for its answer (it is called
/// where nothing can be awaited); when the connection is down it is kept here instead, and sent, retried, by the next
/// awaited path of this worker (a domain's acquire, a dequeue, the lease heartbeat), so the place does not stay taken
/// for the rest of its lifetime and hold the domain back for every worker.
/// </summary>
internal sealed class PendingReleases(RedisCrawl crawl)
{
    private readonly ConcurrentQueue<(RedisKey Places, string Place, string Domain)> _pending = new();

    /// <summary>Sends the release now when connected, or keeps it for <see cref="FlushAsync"/>.</summary>
    public void Release(RedisKey places, string place, string domain)
    {
        if (crawl.IsConnected)
        {
            try
            {
                // The client's fire-and-forget flag: no task is left behind; a release lost on its way frees itself
                // when the place expires.
                crawl.Database.ScriptEvaluate(PolitenessScripts.Release, [places], [place, crawl.Keys.ReleasedChannel.ToString(), domain], CommandFlags.FireAndForget);
                return;
            }
            catch (RedisException)
            {
                // Lost between the check and the send: kept below.
            }
        }

        _pending.Enqueue((places, place, domain));
    }

    /// <summary>Sends the releases kept while Redis was away (each retried as any command is).</summary>
    public async Task FlushAsync()
    {
        while (_pending.TryDequeue(out var release))
        {
            await crawl.Database.ScriptEvaluateAsync(PolitenessScripts.Release, [release.Places], [release.Place, crawl.Keys.ReleasedChannel.ToString(), release.Domain]).ConfigureAwait(false);
        }
    }
}
