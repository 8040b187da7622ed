using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>Where a shared crawl lives in Redis and how its workers hold work (<c>Scraper:Redis</c> in a host).</summary>
public sealed class RedisCrawlOptions
{
    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration: <c>host:port</c>, plus options such as
    /// <c>password=...</c>, <c>user=...</c> (an ACL user), <c>ssl=true</c> and <c>sslHost=...</c> (TLS).
    /// </summary>
    public string Configuration { get; set; } = "localhost:6379";

    /// <summary>Gets or sets the crawl's name: every worker started with the same name shares one crawl.</summary>
    public string Crawl { get; set; } = "";

    /// <summary>
    /// Gets or sets this worker's name in leases, stats and committed export checkpoints; the machine name and process
    /// id when null. Give a name that stays the same across a restart (the hosted worker's <c>--worker</c>) for a
    /// restarted worker to resume its export at its last commit; two workers running at once must not share one.
    /// </summary>
    public string? Worker { get; set; }

    /// <summary>
    /// Gets or sets the visibility timeout: a request leased by a worker that stops extending it (killed, hung) is
    /// handed to another after this long. A live worker extends its leases every third of it.
    /// </summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets a value indicating whether this worker only seeds: a run puts the spider's start requests in (even
    /// when another worker seeded before; duplicates are still filtered) and ends without taking any request.
    /// Without it, the first worker of the crawl to start seeds it and the others wait for its requests.
    /// </summary>
    public bool SeedOnly { get; set; }

    /// <summary>Gets or sets how long one worker's login may hold the crawl's login lock before another may take it.</summary>
    public TimeSpan LoginLockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how long Redis may take to answer at start before the connection counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long a worker keeps retrying a Redis command that failed on a lost connection, a timeout or a
    /// server still loading its data (a restart, a failover), with backoff, before the failure ends its run.
    /// </summary>
    public TimeSpan RetryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how many finished requests a worker collects before it commits their acknowledgements with its
    /// exporters' checkpoints (one disk sync of the export and one Redis script per commit; a commit also happens
    /// after <see cref="CommitInterval"/>).
    /// </summary>
    public int CommitBatchSize { get; set; } = 256;

    /// <summary>
    /// Gets or sets how many waiting requests a worker leases at once, in one script call, and serves from its own
    /// buffer before it asks Redis again (one round trip per batch instead of per request). A worker takes at most its
    /// fair share of what is waiting (the waiting requests divided by the crawl's live workers), so at a crawl's start
    /// and tail it never holds work another worker could be doing. Buffered requests are leased: the heartbeat extends
    /// them, and a worker that stops in order hands them back at once. Keep it small: a buffered request is served
    /// before a request of higher priority admitted after it was buffered. 1 leases one request at a time.
    /// </summary>
    /// <value>The default value is 16; at most <see cref="MaxPrefetch"/>.</value>
    public int Prefetch { get; set; } = 16;

    /// <summary>The largest <see cref="Prefetch"/> accepted: a bigger batch only holds requests back from priorities and other workers.</summary>
    public const int MaxPrefetch = 1000;

    /// <summary>Gets or sets how long finished requests may wait to be committed (the other workers wait for their leases at the crawl's end).</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets what wraps the connection's database before the retry pipeline (tests: a decorator that loses the answer
    /// of a command Redis applied, to check that its retry is not applied twice).
    /// </summary>
    internal Func<IDatabase, IDatabase>? WrapDatabase { get; init; }

    /// <summary>Checks the options, naming the key of the first bad one.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Configuration))
        {
            throw new ArgumentException("RedisCrawlOptions.Configuration is empty: give host:port (for example localhost:6379).", nameof(Configuration));
        }

        if (!IsCrawlName(Crawl))
        {
            throw new ArgumentException($"RedisCrawlOptions.Crawl '{Crawl}' is not a crawl name: {CrawlNameRule}.", nameof(Crawl));
        }

        if (Worker is { } worker && (worker.Length == 0 || worker.Any(char.IsControl)))
        {
            throw new ArgumentException("RedisCrawlOptions.Worker must be a non-empty name without control characters.", nameof(Worker));
        }

        if (LeaseTimeout < TimeSpan.FromMilliseconds(30))
        {
            throw new ArgumentException($"RedisCrawlOptions.LeaseTimeout {LeaseTimeout} is too short: a live worker must be able to extend its leases in time.", nameof(LeaseTimeout));
        }

        if (CommitBatchSize < 1)
        {
            throw new ArgumentException($"RedisCrawlOptions.CommitBatchSize {CommitBatchSize} must be at least 1.", nameof(CommitBatchSize));
        }

        if (Prefetch is < 1 or > MaxPrefetch)
        {
            throw new ArgumentException($"RedisCrawlOptions.Prefetch {Prefetch} must be between 1 (one request at a time) and {MaxPrefetch}.", nameof(Prefetch));
        }

        if (CommitInterval <= TimeSpan.Zero || CommitInterval >= LeaseTimeout)
        {
            throw new ArgumentException($"RedisCrawlOptions.CommitInterval {CommitInterval} must be positive and shorter than the lease timeout ({LeaseTimeout}).", nameof(CommitInterval));
        }

        if (LoginLockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RedisCrawlOptions.LoginLockTimeout must be positive.", nameof(LoginLockTimeout));
        }

        if (RetryTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("RedisCrawlOptions.RetryTimeout must not be negative (zero: no retry).", nameof(RetryTimeout));
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RedisCrawlOptions.ConnectTimeout must be positive.", nameof(ConnectTimeout));
        }
    }

    /// <summary>What a crawl name may be, for messages.</summary>
    internal const string CrawlNameRule = "give one word without spaces, braces or colons (for example books)";

    /// <summary>Tells whether a name can be a crawl's: it goes into every key's hash tag, so no braces, colons or spaces.</summary>
    internal static bool IsCrawlName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && !name.Any(c => char.IsWhiteSpace(c) || c is '{' or '}' or ':' || char.IsControl(c));
}
