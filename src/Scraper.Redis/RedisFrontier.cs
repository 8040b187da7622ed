using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// The crawl's frontier in Redis, shared by every worker: highest priority first, first in first out within one;
/// a request taken out is leased with a visibility timeout (<see cref="RedisCrawlOptions.LeaseTimeout"/>) until
/// acknowledged. A live worker extends its leases every third of the timeout; a killed or hung worker's leases expire
/// and go back to the queue for another; a worker that stops in order (Ctrl+C) hands its leases back at once.
/// Requests are leased in batches of up to <see cref="RedisCrawlOptions.Prefetch"/>, each worker's fair share, and
/// served from the worker's buffer (see RedisFrontier.Dequeue.cs).
/// The crawl ends for a worker when nothing is waiting and no worker holds a lease (<see cref="WaitForWorkAsync"/>).
/// </summary>
internal sealed partial class RedisFrontier : IFrontier
{
    private readonly RedisCrawl _crawl;
    private readonly RedisKeys _keys;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, byte> _held = new();
    private readonly CancellationTokenSource _stopping = new();
    private FrontierContext? _context;
    private Task? _heartbeat;
    private long _waiting;
    // This frontier's token: its seed claim, and its admits and commits, each told apart from another's in Redis for
    // as long as it may be retried (see CommitScripts).
    private readonly string _operations = $"{Guid.NewGuid():N}"[..12];
    private long _enqueued;
    // How many requests one admitting script takes at most (a page with thousands of links is admitted in several).
    private const int AdmitChunk = 256;
    private int _disposed;

    public RedisFrontier(RedisCrawl crawl)
    {
        _crawl = crawl;
        _keys = crawl.Keys;
        _logger = crawl.LoggerFactory.CreateLogger<RedisFrontier>();
    }

    // What is waiting in the shared queue, and the leased requests this worker's buffer has not started yet.
    public long Count => Interlocked.Read(ref _waiting) + _buffer.Count;

    /// <summary>Gets the leases this worker holds now (for tests and the Ctrl+C hand-back).</summary>
    internal int Held => _held.Count;

    public async ValueTask OpenAsync(FrontierContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Every worker must read the requests the others stored: the first one to open names the spider for the crawl.
        var spider = context.Spider.GetType();
        var signature = $"{context.Spider.Name} ({spider.FullName} {spider.Assembly.GetName().Version}, request format {Scraper.Crawling.Scheduling.Storage.RequestCodec.FormatVersion})";
        var stored = await _crawl.Database.StringSetAndGetAsync(_keys.Spider, signature, when: When.NotExists).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!stored.IsNull && (string?)stored != signature)
        {
            throw new InvalidOperationException($"Shared crawl '{_keys.Crawl}' is crawled by spider {(string?)stored}; this worker runs {signature}. Run the same spider build on every worker, or start a new crawl (another --crawl name, or --fresh).");
        }

        _context = context;
        if (!_crawl.Options.SeedOnly)
        {
            // Counted among the crawl's live workers from now on, so the others leave it its share of the work.
            await ExtendAsync([]).ConfigureAwait(false);
        }

        _heartbeat ??= ExtendHeldLeasesAsync(_stopping.Token);
    }

    public ValueTask EnqueueAsync(Request request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return EnqueueRangeAsync([request], cancellationToken);
    }

    public async ValueTask EnqueueRangeAsync(IReadOnlyList<Request> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return;
        }

        var waiting = await AdmitAsync(requests).ConfigureAwait(false);
        Interlocked.Exchange(ref _waiting, waiting);
    }

    public async ValueTask<bool> WaitForWorkAsync(CancellationToken cancellationToken = default)
    {
        if (_crawl.Options.SeedOnly)
        {
            return false;
        }

        if (!_buffer.IsEmpty)
        {
            return true;
        }

        // Taken before the check, so work enqueued between the check and the wait wakes it.
        var next = _crawl.Work.Next;
        await _crawl.PendingReleases.FlushAsync().ConfigureAwait(false);
        var now = _crawl.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var answer = (long)await EvaluateAsync(FrontierScripts.Check, [.. QueueKeys, _keys.Seeded], [now, (long)_crawl.Options.LeaseTimeout.TotalMilliseconds]).ConfigureAwait(false);
        if (answer == -2)
        {
            return false;
        }

        if (answer != -1)
        {
            // Nothing waiting, but leases are held: woken by new work or the end, or at the earliest lease's expiry.
            await Pulse.WaitAsync(next, TimeSpan.FromMilliseconds(answer), _crawl.Time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask<bool> ExtendLeaseAsync(FrontierLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return await ExtendAsync([Member(lease.Id)]).ConfigureAwait(false) == 1;
    }

    public async ValueTask AcknowledgeAsync(FrontierLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await EvaluateAsync(FrontierScripts.Acknowledge, QueueKeys, [Member(lease.Id), _keys.WorkChannel.ToString()]).ConfigureAwait(false);
        _held.TryRemove(lease.Id, out _);
    }

    public async ValueTask<bool> HasSeededStartRequestsAsync(CancellationToken cancellationToken = default)
    {
        await RefuseIfFinishedAsync(cancellationToken).ConfigureAwait(false);
        // The first worker to claim the seeding seeds; every other one treats the crawl as seeded and waits for work.
        // Claimed by this frontier's token: a claim retried after its answer was lost still finds itself the seeder.
        var claimant = $"{_crawl.Worker}:{_operations}";
        var previous = await _crawl.Database.StringSetAndGetAsync(_keys.SeedClaim, claimant, when: When.NotExists).ConfigureAwait(false);
        var claimed = previous.IsNull || (string?)previous == claimant;
        return !claimed && !_crawl.Options.SeedOnly;
    }

    public async ValueTask MarkStartRequestsSeededAsync(CancellationToken cancellationToken = default)
    {
        await _crawl.Database.StringSetAsync(_keys.Seeded, "1").ConfigureAwait(false);
        // Workers waiting for the seed look again (the seed may have been empty: then the crawl is over).
        await _crawl.Database.PublishAsync(_keys.WorkChannel, "seeded").ConfigureAwait(false);
    }

    /// <summary>
    /// Hands every lease this worker holds back to the queue at once (the requests in flight and those in its buffer),
    /// for another worker to take, and leaves the crawl's live workers.
    /// </summary>
    /// <returns>How many were handed back.</returns>
    public async Task<int> ReturnLeasesAsync()
    {
        // Not served from here on: they are no longer this worker's.
        _buffer.Clear();
        var members = _held.Keys.Select(id => (RedisValue)Member(id)).ToArray();
        if (members.Length == 0 && !_crawl.IsConnected)
        {
            // Nothing to hand back: leaving the live workers is not worth the retries (it expires by itself).
            return 0;
        }

        var returned = (int)(long)await EvaluateAsync(FrontierScripts.Return, [_keys.Queue, _keys.Priorities, _keys.Leases, _keys.LeaseOwners, _keys.Live], [_crawl.Worker, _keys.WorkChannel.ToString(), .. members]).ConfigureAwait(false);
        _held.Clear();
        return returned;
    }

    /// <summary>Gets what fires after each heartbeat (tests wait for it instead of sleeping).</summary>
    internal Pulse Heartbeats { get; } = new();

    /// <summary>Stops the heartbeat, keeping the leases: only <see cref="ExtendLeaseAsync"/> extends them from now on.</summary>
    internal Task StopHeartbeatForTestAsync() => StopHeartbeatAsync();

    /// <summary>Stops extending this worker's leases without handing them back: what a killed worker leaves behind.</summary>
    internal async Task AbandonAsync()
    {
        _buffer.Clear();
        _held.Clear();
        await StopHeartbeatAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopHeartbeatAsync().ConfigureAwait(false);
        try
        {
            var returned = await ReturnLeasesAsync().ConfigureAwait(false);
            if (returned > 0)
            {
                LeasesReturned(_logger, returned, _keys.Crawl);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // They expire after the lease timeout instead: nothing is lost, it is only later.
            LeasesNotReturned(_logger, ex, _keys.Crawl, _crawl.Options.LeaseTimeout.TotalSeconds);
        }

        // After the exporters were closed: a finished run's checkpoint goes once its export is published.
        await ConfirmPublishedAsync().ConfigureAwait(false);
        _crawl.Forget(this);
        _stopping.Dispose();
    }

    private FrontierContext Context => _context ?? throw new InvalidOperationException("The Redis frontier is not open: IFrontier.OpenAsync is called by the crawler before the first request.");

    private RedisKey[] QueueKeys => [_keys.Queue, _keys.Requests, _keys.Priorities, _keys.Leases, _keys.LeaseOwners];

    private static string Member(long id) => id.ToString("D16", CultureInfo.InvariantCulture);

    private long Expiry(DateTimeOffset now) => (now + _crawl.Options.LeaseTimeout).ToUnixTimeMilliseconds();

    private Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values) => _crawl.Database.ScriptEvaluateAsync(script, keys, values);

    /// <summary>Extends the members still this worker's by one lease timeout, and its place among the live workers; returns how many.</summary>
    private async Task<long> ExtendAsync(RedisValue[] members) =>
        (long)await EvaluateAsync(FrontierScripts.Extend, [_keys.Leases, _keys.LeaseOwners, _keys.Live], [_crawl.Worker, Expiry(_crawl.Time.GetUtcNow()), .. members]).ConfigureAwait(false);

    private async Task StopHeartbeatAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_heartbeat is { } heartbeat)
        {
            await heartbeat.ConfigureAwait(false);
        }
    }

    /// <summary>The live worker's heartbeat: every third of the lease timeout, its leases are extended by one timeout.</summary>
    private async Task ExtendHeldLeasesAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_crawl.Options.LeaseTimeout / 3, _crawl.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var members = _held.Keys.Select(id => (RedisValue)Member(id)).ToArray();
                try
                {
                    await _crawl.PendingReleases.FlushAsync().ConfigureAwait(false);
                    // Also with no lease held: an idle worker stays among the live ones the others share work with.
                    if (members.Length > 0 || !_crawl.Options.SeedOnly)
                    {
                        await ExtendAsync(members).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Redis is unreachable for now (its client's timeout is a TimeoutException, not a RedisException):
                    // the client reconnects, and the next tick tries again. The heartbeat must outlive any one failure,
                    // or every lease after it would silently expire.
                    LeasesNotExtended(_logger, ex, _keys.Crawl);
                }

                Heartbeats.Fire();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the run.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed {Count} unfinished requests of crawl {Crawl} back to the shared frontier.")]
    private static partial void LeasesReturned(ILogger logger, int count, string crawl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand the leases of crawl {Crawl} back; they go to another worker after the lease timeout ({Seconds} s).")]
    private static partial void LeasesNotReturned(ILogger logger, Exception exception, string crawl, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend this worker's leases of crawl {Crawl}; trying again at the next heartbeat.")]
    private static partial void LeasesNotExtended(ILogger logger, Exception exception, string crawl);
}
