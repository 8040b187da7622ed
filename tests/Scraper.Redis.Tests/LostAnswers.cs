using System.Reflection;
using StackExchange.Redis;

namespace Scraper.Redis.Tests;

/// <summary>
/// A database whose first answers to one script are lost after Redis applied it (as when the connection drops
/// between the command and its reply): the caller sees a connection failure, so the crawl's retry pipeline sends the
/// command again, and the test checks the second send changes nothing. <see cref="Refuse"/> loses the command before
/// it reaches Redis instead: what a worker killed just before sending it leaves behind.
/// </summary>
internal class LostAnswers : DispatchProxy
{
    private IDatabase _inner = null!;
    private string _script = "";
    private int _remaining;
    private int _lost;
    private bool _sent = true;

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

    /// <summary>Wraps a database whose first <paramref name="times"/> sends of <paramref name="script"/> never reach Redis.</summary>
    public static IDatabase Refuse(IDatabase inner, string script, int times, out LostAnswers lost)
    {
        var proxy = Wrap(inner, script, times, out lost);
        lost._sent = false;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (!_sent && targetMethod.Name == nameof(IDatabase.ScriptEvaluateAsync) && args is [string refused, ..] && refused == _script && Interlocked.Decrement(ref _remaining) >= 0)
        {
            Interlocked.Increment(ref _lost);
            return Task.FromException<RedisResult>(Failure());
        }

        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }

        if (_sent && targetMethod.Name == nameof(IDatabase.ScriptEvaluateAsync) && args is [string script, ..] && script == _script && result is Task<RedisResult> applied && Interlocked.Decrement(ref _remaining) >= 0)
        {
            return LoseAsync(applied);
        }

        return result;
    }

    private async Task<RedisResult> LoseAsync(Task<RedisResult> applied)
    {
        await applied.ConfigureAwait(false);
        Interlocked.Increment(ref _lost);
        throw Failure();
    }

    private static RedisConnectionException Failure() =>
        new(ConnectionFailureType.SocketFailure, CommandFlags.None, "The answer was lost (test).", null, CommandStatus.Sent);
}
