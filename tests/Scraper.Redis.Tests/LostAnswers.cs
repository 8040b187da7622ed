using System.Reflection;
using StackExchange.Redis;

namespace Scraper.Redis.Tests;

/// <summary>
/// A database whose first answers to one script are lost after Redis applied it (as when the connection drops
/// between the command and its reply): the caller sees a connection failure, so the crawl's retry pipeline sends the
/// command again, and the test checks the second send changes nothing.
/// </summary>
internal class LostAnswers : DispatchProxy
{
    private IDatabase _inner = null!;
    private string _script = "";
    private int _remaining;
    private int _lost;

    /// <summary>Gets how many answers were lost so far.</summary>
    public int Lost => Volatile.Read(ref _lost);

    public static IDatabase Wrap(IDatabase inner, string script, int times, out LostAnswers lost)
    {
        var proxy = Create<IDatabase, LostAnswers>();
        lost = (LostAnswers)(object)proxy;
        lost._inner = inner;
        lost._script = script;
        lost._remaining = times;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }

        if (targetMethod.Name == nameof(IDatabase.ScriptEvaluateAsync) && args is [string script, ..] && script == _script && result is Task<RedisResult> applied && Interlocked.Decrement(ref _remaining) >= 0)
        {
            return LoseAsync(applied);
        }

        return result;
    }

    private async Task<RedisResult> LoseAsync(Task<RedisResult> applied)
    {
        await applied.ConfigureAwait(false);
        Interlocked.Increment(ref _lost);
        throw new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "The answer was lost (test).", null, CommandStatus.Sent);
    }
}
