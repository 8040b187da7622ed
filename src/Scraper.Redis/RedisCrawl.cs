using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Scraper.Crawling;
using Scraper.Crawling.Downloading.Login;
using Scraper.Crawling.Downloading.Politeness;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Stats;
using Scraper.Http.SessionStores;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// One worker's connection to a crawl shared in Redis: it makes the frontier, duplicate filter, politeness state,
/// session store and login lock that plug into <see cref="CrawlerServices"/>, so every worker started with the same
/// <see cref="RedisCrawlOptions.Crawl"/> name works on one crawl. Dispose it after the crawler's run.
/// </summary>
/// <example>
/// <code>
/// await using var redis = await RedisCrawl.ConnectAsync(new RedisCrawlOptions { Configuration = "localhost:6379", Crawl = "books" });
/// var services = new CrawlerServices
/// {
///     FrontierFactory = redis.CreateFrontier,
///     DuplicateFilterFactory = redis.CreateDuplicateFilter,
///     PolitenessStateFactory = redis.CreatePolitenessState,
///     SessionStore = redis.Sessions,
///     SharedLogin = redis.Login,
/// };
/// </code>
/// </example>
public sealed partial class RedisCrawl : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly ConcurrentDictionary<string, Pulse> _released = new(StringComparer.Ordinal);
    private readonly IDatabase _database;
    // Cancelled when the connection closes: a command still being retried then gives up.
    private readonly CancellationTokenSource _closing = new();

    private RedisCrawl(ConnectionMultiplexer connection, RedisCrawlOptions options, string address, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _connection = connection;
        Options = options;
        Address = address;
        Time = time;
        LoggerFactory = loggerFactory;
        Keys = new RedisKeys(options.Crawl);
        Worker = options.Worker ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        _database = options.WrapDatabase?.Invoke(connection.GetDatabase()) ?? connection.GetDatabase();
        // Retries wait real time for a real server, whatever the crawl's clock: a test's fake clock (leases, pauses)
        // would otherwise hold a retried command, the subscription at connect on a loaded machine say, for ever.
        Retry = new RedisRetry(options, address, TimeProvider.System, loggerFactory.CreateLogger<RedisCrawl>());
        Database = new RedisCommands(_database, Retry, _closing.Token);
        PendingReleases = new PendingReleases(this);
        Sessions = new RedisSessionStore(this);
        Login = new RedisSharedLogin(this);
    }

    /// <summary>Gets the address of the Redis server (host:port, never the password), for messages.</summary>
    public string Address { get; }

    /// <summary>Gets this worker's name in leases and stats.</summary>
    public string Worker { get; }

    /// <summary>Gets the session store shared by the crawl's workers (each session's cookies in one hash field).</summary>
    public ISessionStore Sessions { get; }

    /// <summary>Gets the crawl's login lock: a login runs on one worker, the others wait and reuse its cookies.</summary>
    public ISharedLogin Login { get; }

    internal RedisCrawlOptions Options { get; }

    internal RedisKeys Keys { get; }

    internal RedisCommands Database { get; }

    internal RedisRetry Retry { get; }

    internal PendingReleases PendingReleases { get; }

    internal bool IsConnected => _connection.IsConnected;

    /// <summary>Gets how long an operation key must outlive its command (ms): the retry budget, and a minute for the last attempt.</summary>
    internal long OperationLifetime => (long)(Options.RetryTimeout + TimeSpan.FromMinutes(1)).TotalMilliseconds;

    /// <summary>Gets how many Redis commands this worker sent again after a transient failure (a restart, a failover).</summary>
    public long CommandRetries => Retry.Retries;

    internal TimeProvider Time { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal Pulse Work { get; } = new();

    internal Pulse LoginDone { get; } = new();

    /// <summary>Connects to Redis and subscribes to the crawl's channels.</summary>
    /// <param name="options">Where and which crawl; validated here.</param>
    /// <param name="timeProvider">The clock of leases, delays and pauses (every worker's clocks should agree within well under the lease timeout).</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The connected crawl.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message names the key.</exception>
    /// <exception cref="RedisUnavailableException">Redis cannot be reached or refused the login; the message names the address.</exception>
    public static async Task<RedisCrawl> ConnectAsync(RedisCrawlOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(options.Configuration);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"RedisCrawlOptions.Configuration is not a StackExchange.Redis configuration ({ex.Message}).", nameof(options), ex);
        }

        if (configuration.EndPoints.Count == 0)
        {
            throw new ArgumentException("RedisCrawlOptions.Configuration names no server: give host:port (for example localhost:6379).", nameof(options));
        }

        var address = string.Join(",", configuration.EndPoints.Select(Describe));
        // Fail at start with a clear message rather than retry in the background while the crawl waits for nothing.
        configuration.AbortOnConnectFail = true;
        configuration.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        configuration.ConnectRetry = 1;
        // A lost connection: commands fail at once instead of waiting in the client's backlog for its timeout, and
        // RedisRetry sends them again with backoff (one place); the client reconnects within a second or two.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new ExponentialRetry(100, 2000);
        ConnectionMultiplexer connection;
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            // The client's own message may quote the configuration; only the address and the failure kind are shown.
            throw new RedisUnavailableException($"Redis at {address} cannot be reached ({ex.FailureType}): is redis-server running there, and are the password, ACL user and TLS settings right?", ex);
        }

        // From now on a lost connection is retried by the client with backoff, and commands wait for it.
        var crawl = new RedisCrawl(connection, options, address, timeProvider ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance);
        try
        {
            await crawl.SubscribeAsync().ConfigureAwait(false);
        }
        catch
        {
            await crawl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return crawl;
    }

    /// <summary>Makes the crawl's frontier (a <see cref="CrawlerServices.FrontierFactory"/>).</summary>
    /// <returns>A frontier for one run of this worker.</returns>
    public IFrontier CreateFrontier() => Track(new RedisFrontier(this));

    /// <summary>Makes the crawl's duplicate filter (a <see cref="CrawlerServices.DuplicateFilterFactory"/>).</summary>
    /// <returns>A filter for one run of this worker.</returns>
    public IDuplicateFilter CreateDuplicateFilter() => new RedisDuplicateFilter(this);

    /// <summary>Makes the crawl's shared politeness state (a <see cref="CrawlerServices.PolitenessStateFactory"/>).</summary>
    /// <param name="options">The run's options: per-domain concurrency, delay and jitter.</param>
    /// <param name="timeProvider">The run's clock (ignored: the crawl's clock is used, so every part agrees).</param>
    /// <returns>The state for one run of this worker.</returns>
    public IPolitenessState CreatePolitenessState(CrawlOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RedisPolitenessState(this, options);
    }

    /// <summary>Stores this worker's stats (its row of the crawl's totals); call it with progress and at the end of a run.</summary>
    /// <param name="stats">The worker's stats so far.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when they are stored.</returns>
    public Task RecordStatsAsync(CrawlStatsSnapshot stats, CancellationToken cancellationToken = default) =>
        RedisStats.RecordAsync(this, stats, "", null, TimeSpan.Zero, cancellationToken);

    /// <summary>Stores this worker's stats with where its run is (its row of the crawl's run record).</summary>
    /// <param name="stats">The worker's stats so far.</param>
    /// <param name="state"><c>Running</c>, or the run's outcome once it ended.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when they are stored.</returns>
    public Task RecordStatsAsync(CrawlStatsSnapshot stats, string state, CancellationToken cancellationToken = default) =>
        RedisStats.RecordAsync(this, stats, state ?? "", null, TimeSpan.Zero, cancellationToken);

    /// <summary>Reads every worker's stats row and their sum: the crawl's totals.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The totals and the rows.</returns>
    public Task<RedisCrawlStats> ReadStatsAsync(CancellationToken cancellationToken = default) => RedisStats.ReadAsync(this, Database, cancellationToken);

    /// <summary>
    /// Deletes what the crawl keeps in Redis (its frontier, seen requests, politeness, stats) for a fresh start; the
    /// sessions' cookies stay, as a job's do with <c>--fresh</c>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>A task that completes when the keys are gone.</returns>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        foreach (var server in _connection.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: $"scraper:{{{Keys.Crawl}}}:*").WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (key != Keys.Sessions)
                {
                    await Database.KeyDeleteAsync(key).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Asks Redis for a PONG once, without the retries the crawl's commands get (a readiness probe).</summary>
    /// <param name="timeout">How long the answer may take.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The round trip.</returns>
    /// <exception cref="TimeoutException">No answer in time.</exception>
    /// <exception cref="RedisException">Redis is unreachable or refused the command.</exception>
    public async Task<TimeSpan> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        await _database.PingAsync().WaitAsync(timeout, Time, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        await _connection.CloseAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the connection at once, without waiting for commands in flight (a host disposed synchronously).</summary>
    internal void Close()
    {
        _closing.Cancel();
        _connection.Dispose();
    }

    internal Pulse Released(string domain) => _released.GetOrAdd(domain, static _ => new Pulse());

    private void WakeEveryWaiter()
    {
        Work.Fire();
        LoginDone.Fire();
        foreach (var pulse in _released.Values)
        {
            pulse.Fire();
        }
    }

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        IPEndPoint ip => ip.ToString(),
        _ => endPoint.ToString() ?? "?",
    };

    private async Task SubscribeAsync()
    {
        // Messages published while the connection was down are lost: every waiter looks at Redis again.
        _connection.ConnectionRestored += (_, _) => WakeEveryWaiter();
        var subscriber = _connection.GetSubscriber();
        await SubscribeAsync(subscriber, Keys.WorkChannel, (_, _) => Work.Fire()).ConfigureAwait(false);
        await SubscribeAsync(subscriber, Keys.LoginChannel, (_, _) => LoginDone.Fire()).ConfigureAwait(false);
        await SubscribeAsync(subscriber, Keys.ReleasedChannel, (_, domain) =>
        {
            if (_released.TryGetValue((string?)domain ?? "", out var pulse))
            {
                pulse.Fire();
            }
        }).ConfigureAwait(false);
    }

    // Through the retry pipeline: on a loaded machine the subscription's own connection may not be up yet right after
    // the connect ("no connection is active"). A handler added twice by a retry only wakes its waiters twice.
    // Retried for the connect timeout at least, even with no retry budget: being subscribed is part of connecting.
    private Task<bool> SubscribeAsync(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) =>
        new RedisRetry(new RedisCrawlOptions { RetryTimeout = Options.RetryTimeout > Options.ConnectTimeout ? Options.RetryTimeout : Options.ConnectTimeout }, Address, TimeProvider.System, LoggerFactory.CreateLogger<RedisCrawl>()).RunAsync(
            async () =>
            {
                await subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
                return true;
            },
            _closing.Token);
}
