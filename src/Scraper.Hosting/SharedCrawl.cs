using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Redis;

namespace Scraper.Hosting;

/// <summary>
/// The Redis connection of a worker on a shared crawl (<c>Scraper:Redis</c>, <c>Scraper:Crawl</c>): made at start, so
/// an unreachable Redis fails the start naming its address (the configuration exit code), and kept for every run.
/// </summary>
internal sealed class SharedCrawl(IOptions<ScraperHostOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory) : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private RedisCrawl? _crawl;
    private bool _reset;

    public bool Enabled => options.Value.Redis is not null;

    /// <summary>Gets the Redis address for messages (what comes before the first option: never a password).</summary>
    public string Address => Redacted(options.Value.Redis);

    /// <summary>Gets the connection once it is made; null before (or when the start failed).</summary>
    public RedisCrawl? Connected => Volatile.Read(ref _crawl);

    /// <summary>Checks the shared-crawl keys together; null when they are fine.</summary>
    public static string? Check(ScraperHostOptions host)
    {
        if (host.Redis is null)
        {
            return host.Crawl is not null || host.Seed || host.RedisStream is not null ? "Scraper:Crawl, Scraper:Seed and Scraper:RedisStream need Scraper:Redis (--redis HOST:PORT): a shared crawl lives in Redis." : null;
        }

        if (SharedWorker.Check(host) is { } worker)
        {
            return worker;
        }

        if (host.Crawl is null)
        {
            return "Scraper:Redis needs Scraper:Crawl (--crawl NAME): the name every worker of the shared crawl is started with.";
        }

        return RedisCrawlOptions.IsCrawlName(host.Crawl) ? null : $"Scraper:Crawl '{host.Crawl}' is not a crawl name: {RedisCrawlOptions.CrawlNameRule}.";
    }

    /// <summary>Connects (once); with <c>--fresh</c>, the crawl's keys are deleted first, once per process.</summary>
    public async Task<RedisCrawl> ConnectAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                _crawl ??= await RedisCrawl.ConnectAsync(OptionsOf(options.Value), timeProvider, loggerFactory, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                // A configuration string the client cannot read: the host's key, not the library's.
                throw new OptionsValidationException(ScraperHostOptions.SectionName, typeof(ScraperHostOptions), [$"Scraper:Redis '{Redacted(options.Value.Redis)}' is not a Redis configuration: {ex.Message}"]);
            }
            if (options.Value.Fresh && !_reset)
            {
                await _crawl.ResetAsync(cancellationToken).ConfigureAwait(false);
                _reset = true;
            }

            return _crawl;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Reads every worker's row of the shared crawl once, for the status page: null rows and a problem when the
    /// connection is not made yet or Redis does not answer within <paramref name="timeout"/> (never retried, so a
    /// page asking every second piles nothing up).
    /// </summary>
    public async Task<(RedisCrawlStats? Stats, string? Problem)> ReadWorkersAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Connected is not { } crawl)
        {
            return (null, $"not connected to Redis at {Address} yet");
        }

        try
        {
            return (await crawl.ReadStatsOnceAsync(cancellationToken).WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Only the kind of failure: the client's messages may quote the configuration.
            return (null, $"Redis at {Address} does not answer ({ex.GetType().Name})");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_crawl is { } crawl)
        {
            _crawl = null;
            await crawl.DisposeAsync().ConfigureAwait(false);
        }

        _lock.Dispose();
    }

    public void Dispose()
    {
        _crawl?.Close();
        _crawl = null;
        _lock.Dispose();
    }

    // The configuration string may hold a password: only what comes before the first option is shown.
    private static string Redacted(string? configuration) => configuration?.Split(',')[0] ?? "";

    internal static RedisCrawlOptions OptionsOf(ScraperHostOptions host) => new()
    {
        Configuration = host.Redis ?? "",
        Crawl = host.Crawl ?? "",
        SeedOnly = host.Seed,
        Worker = SharedWorker.NameOf(host),
        LeaseTimeout = host.RedisLeaseTimeout,
        RetryTimeout = host.RedisRetryTimeout,
        Prefetch = host.RedisPrefetch,
        CommitBatchSize = host.JobCommitBatchSize,
        CommitInterval = TimeSpan.FromSeconds(Math.Min(1, host.RedisLeaseTimeout.TotalSeconds / 3)),
    };
}
