using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// The one retry pipeline of a worker's Redis commands (Polly): a transient failure (the connection lost, a timeout,
/// a server still loading its data or a replica that became read-only after a failover) is retried with exponential
/// backoff and jitter for up to <see cref="RedisCrawlOptions.RetryTimeout"/>, so a Redis restart is ridden out
/// instead of ending the run. Every command of the crawl goes through it (<see cref="RedisCommands"/>), which is
/// why each must be safe to send twice: a failed attempt may still have been applied.
/// </summary>
internal sealed partial class RedisRetry
{
    private static readonly ResiliencePropertyKey<long> StartedAt = new("scraper.redis.started");
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly TimeSpan _budget;
    private readonly string _address;
    private readonly ILogger _logger;
    private long _retries;
    private int _failing;

    public RedisRetry(RedisCrawlOptions options, string address, TimeProvider time, ILogger logger)
    {
        _time = time;
        _budget = options.RetryTimeout;
        _address = address;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex) && Within(args.Context)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromSeconds(2),
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    OnRetry(args.Outcome.Exception!, args.RetryDelay, args.AttemptNumber);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Gets how many commands were sent again after a transient failure, since the connection was made.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Gets what fires at each retry (tests wait for it instead of sleeping).</summary>
    public Pulse Retried { get; } = new();

    /// <summary>Runs one command, again after each transient failure until it succeeds or the budget is spent.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> command, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StartedAt, _time.GetTimestamp());
        try
        {
            var result = await _pipeline.ExecuteAsync(static async (_, command) => await command().ConfigureAwait(false), context, command).ConfigureAwait(false);
            // Read first: the exchange is a write every command would contend on.
            if (Volatile.Read(ref _failing) == 1 && Interlocked.Exchange(ref _failing, 0) == 1)
            {
                LogBack(_logger, _address, Retries);
            }

            return result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Tells a failure worth sending the command again for: the connection (not the password: a refused login stays
    /// refused), a timeout, and the server's LOADING (an AOF or RDB being read after a restart), READONLY and
    /// MASTERDOWN (a failover in progress), TRYAGAIN and CLUSTERDOWN (a cluster resharding), BUSY (a long script).
    /// </summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        RedisConnectionException connection => connection.FailureType is not (ConnectionFailureType.AuthenticationFailure or ConnectionFailureType.ConnectionDisposed),
        RedisTimeoutException => true,
        RedisServerException server => server.Kind is RedisErrorKind.Loading or RedisErrorKind.ReadOnly or RedisErrorKind.MasterDown
            or RedisErrorKind.TryAgain or RedisErrorKind.ClusterDown or RedisErrorKind.Busy,
        _ => false,
    };

    private bool Within(ResilienceContext context) =>
        !context.Properties.TryGetValue(StartedAt, out var started) || _time.GetElapsedTime(started) < _budget;

    private void OnRetry(Exception exception, TimeSpan delay, int attempt)
    {
        Interlocked.Increment(ref _retries);
        // Only the kind of failure is logged: the client's messages may quote commands, keys and configuration.
        var failure = exception switch
        {
            RedisConnectionException connection => connection.FailureType.ToString(),
            RedisServerException server => server.Kind.ToString(),
            _ => exception.GetType().Name,
        };
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            LogLost(_logger, _address, failure, _budget.TotalSeconds);
        }

        LogRetry(_logger, _address, failure, attempt + 1, delay.TotalMilliseconds);
        Retried.Fire();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {Address} failed ({Failure}); its commands are retried with backoff for up to {Seconds} s.")]
    private static partial void LogLost(ILogger logger, string address, string failure, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redis at {Address} failed ({Failure}); attempt {Attempt} again in {Milliseconds} ms.")]
    private static partial void LogRetry(ILogger logger, string address, string failure, int attempt, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis at {Address} answers again ({Retries} commands retried since the connection was made).")]
    private static partial void LogBack(ILogger logger, string address, long retries);
}
