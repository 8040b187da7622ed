using Scraper.Crawling.Downloading.Login;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// A login once per crawl (<see cref="LoginScripts"/>): the first worker to need a login takes the lock and logs in;
/// the others wait for its message (or the lock's expiry, should it die) and then reuse its cookies. A logged-out
/// detection on any worker starts exactly one re-login, however many workers noticed. A failed login frees the lock,
/// and the next waiter tries.
/// </summary>
internal sealed class RedisSharedLogin(RedisCrawl crawl) : ISharedLogin
{
    public async ValueTask<long> LogInOnceAsync(string session, long observedGeneration, Func<CancellationToken, Task> logIn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(logIn);
        RedisKey[] keys = [crawl.Keys.LoginGeneration(session), crawl.Keys.LoginLock(session)];
        var token = $"{crawl.Worker}:{Guid.NewGuid():N}";
        while (true)
        {
            var done = crawl.LoginDone.Next;
            var answer = (RedisResult[]?)(await crawl.Database.ScriptEvaluateAsync(LoginScripts.TryLock, keys, [observedGeneration, token, (long)crawl.Options.LoginLockTimeout.TotalMilliseconds]).ConfigureAwait(false)) ?? [];
            switch ((long)answer[0])
            {
                case 1:
                    return (long)answer[1];
                case 2:
                    var succeeded = false;
                    try
                    {
                        await logIn(cancellationToken).ConfigureAwait(false);
                        succeeded = true;
                    }
                    finally
                    {
                        // Without a token: the lock must go even when the login was cancelled, or the others wait it out.
                        observedGeneration = (long)await crawl.Database.ScriptEvaluateAsync(LoginScripts.Unlock, keys, [token, crawl.Keys.LoginChannel.ToString(), succeeded ? "1" : "0"]).ConfigureAwait(false);
                    }

                    return observedGeneration;
                default:
                    await Pulse.WaitAsync(done, TimeSpan.FromMilliseconds((long)answer[1]), crawl.Time, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }
}
