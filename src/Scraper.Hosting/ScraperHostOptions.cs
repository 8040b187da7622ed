namespace Scraper.Hosting;

/// <summary>
/// How the host runs spiders, bound from the <c>Scraper</c> configuration section (the crawl settings in the same
/// section are bound to <see cref="Scraper.Crawling.CrawlOptions"/>).
/// </summary>
public sealed class ScraperHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scraper";

    /// <summary>Gets or sets whether spiders run once or on their schedules.</summary>
    /// <value>The default value is <see cref="ScraperRunMode.Auto"/>: on schedules when any enabled spider has one, otherwise once.</value>
    public ScraperRunMode Mode { get; set; } = ScraperRunMode.Auto;

    /// <summary>Gets or sets the one spider to run (<c>--spider</c>); all registered spiders when null.</summary>
    public string? Spider { get; set; }

    /// <summary>
    /// Gets or sets the items file of the spiders that set none (<c>--output</c>); the format follows the extension
    /// (.jsonl, .csv, .json). It may use <c>{spider}</c> (the spider's name), <c>{run}</c> (the run's id) and
    /// <c>{date}</c> (the run's start date, <c>yyyy-MM-dd</c> in <see cref="TimeZone"/>). A run writes to a temporary
    /// file beside it and replaces it only when it completes; a cancelled or failed run keeps its items in
    /// <c>{name}.{run}.partial{ext}</c> instead (<c>{name}.partial{ext}</c> when the name already has the run).
    /// </summary>
    /// <value>The default value is <c>output/{spider}.jsonl</c>.</value>
    public string Output { get; set; } = "output/{spider}.jsonl";

    /// <summary>Gets or sets the cron schedule of the spiders that set none (<c>--schedule</c>), in cron syntax: 5 fields, or 6 with seconds first.</summary>
    public string? Schedule { get; set; }

    /// <summary>Gets or sets the time zone schedules are read in (an IANA or Windows id).</summary>
    /// <value>The default value is UTC.</value>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Gets or sets the folder for sessions' cookies and the run history.</summary>
    /// <value>The default value is <c>state</c>.</value>
    public string StateDirectory { get; set; } = "state";

    /// <summary>Gets or sets where a crawl's state is kept between runs.</summary>
    /// <value>The default value is <see cref="ScraperStore.Sqlite"/>: a job file per spider, resumed after a stop or a crash.</value>
    public ScraperStore Store { get; set; } = ScraperStore.Sqlite;

    /// <summary>
    /// Gets or sets the job's name (<c>--job NAME</c>): its spiders' job files go in <c>{StateDirectory}/jobs/{name}/</c>,
    /// apart from other jobs of the same spiders. A plain name (letters, digits, '-', '_', '.').
    /// </summary>
    /// <value>The default value is null: <c>{StateDirectory}/jobs/{spider}.db</c>.</value>
    public string? Job { get; set; }

    /// <summary>Gets or sets a value indicating whether the job starts over instead of resuming (<c>--fresh</c>); saved sessions stay.</summary>
    /// <value>The default value is false.</value>
    public bool Fresh { get; set; }

    /// <summary>
    /// Gets or sets the Redis server of a crawl shared by several workers (<c>--redis HOST:PORT</c>): a StackExchange.Redis
    /// configuration string (<c>host:port,user=...,password=...,ssl=true</c>). Needs <see cref="Crawl"/>; then the
    /// frontier, duplicate filter, politeness, sessions and login are shared in Redis instead of a job file.
    /// </summary>
    /// <value>The default value is null: the crawl is this process's alone.</value>
    public string? Redis { get; set; }

    /// <summary>Gets or sets the shared crawl's name (<c>--crawl NAME</c>): every worker with the same name works on one crawl.</summary>
    public string? Crawl { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether this process only puts the spider's start requests into the shared
    /// crawl and exits (<c>--seed</c>). Without it, the first worker to start seeds the crawl.
    /// </summary>
    public bool Seed { get; set; }

    /// <summary>
    /// Gets or sets this worker's name in the shared crawl (<c>--worker NAME</c>): its leases, stats and committed export
    /// checkpoint are kept under it, so a worker restarted under the same name resumes its export where its last commit
    /// left it. Two workers running at once must not share a name.
    /// </summary>
    /// <value>The default value is null: the machine name and a digest of the full path of <see cref="StateDirectory"/>.</value>
    public string? Worker { get; set; }

    /// <summary>
    /// Gets or sets the Redis stream every item is also appended to (<c>--redis-stream KEY</c>), in the same script as the
    /// acknowledgement of its request, so a consumer reads each item once. Needs <see cref="Redis"/>.
    /// </summary>
    public string? RedisStream { get; set; }

    /// <summary>Gets or sets the length <see cref="RedisStream"/> is trimmed to, about (<c>XADD MAXLEN ~</c>); null keeps every entry.</summary>
    public long? RedisStreamMaxLength { get; set; }

    /// <summary>
    /// Gets or sets the shared crawl's visibility timeout: a request held by a worker that stops extending it (killed,
    /// hung) goes to another worker after this long.
    /// </summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan RedisLeaseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets how long a worker of a shared crawl keeps retrying Redis with backoff when it is lost mid-crawl (a
    /// restart, a failover, the network) before its run fails; its requests are not lost meanwhile.
    /// </summary>
    /// <value>The default value is 2 minutes; zero does not retry.</value>
    public TimeSpan RedisRetryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how many waiting requests a worker of a shared crawl leases in one round trip to Redis and serves
    /// from its own buffer (at most its fair share of what is waiting); 1 takes one at a time. Keep it small: a
    /// buffered request goes before a higher-priority one admitted after it.
    /// </summary>
    /// <value>The default value is 16 (1 to 1000).</value>
    public int RedisPrefetch { get; set; } = 16;

    /// <summary>
    /// Gets or sets how many finished requests a job collects before it commits them with the export's checkpoint
    /// (one disk sync of the export and one SQLite transaction per commit; a commit also happens after a second).
    /// </summary>
    /// <value>The default value is 256.</value>
    public int JobCommitBatchSize { get; set; } = 256;

    /// <summary>Gets or sets how many past runs are shown at start-up.</summary>
    /// <value>The default value is 5.</value>
    public int HistoryShown { get; set; } = 5;

    /// <summary>Gets or sets how long a stopping crawl may take to finish requests in flight, flush items and save sessions.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the per-spider settings, by spider name (<c>Scraper:Spiders:&lt;name&gt;</c>).</summary>
    public Dictionary<string, SpiderHostOptions> Spiders { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal SpiderHostOptions For(string spider) => Spiders.GetValueOrDefault(spider) ?? new SpiderHostOptions();

    internal string? ScheduleOf(string spider) => For(spider).Schedule ?? Schedule;

    internal string OutputTemplateOf(string spider) => For(spider).Output ?? Output;

    internal string JobFileOf(string spider) =>
        Job is { } job ? System.IO.Path.Combine(StateDirectory, "jobs", job, spider + ".db") : System.IO.Path.Combine(StateDirectory, "jobs", spider + ".db");
}
