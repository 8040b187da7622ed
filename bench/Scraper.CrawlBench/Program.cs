// The Scraper side of the crawl benchmark (bench/crawl/run.sh runs it against nginx, next to Scrapy):
//   Scraper.CrawlBench --base http://127.0.0.1:18080 --out items.jsonl [--login] [--concurrency 64] [--stats stats.json] [--job job.db] [--otlp URL]
// With --job the frontier and the duplicate filter live in a SQLite job file (started fresh), as a resumable crawl's do.
// With --otlp URL metrics and traces are on, exported over OTLP/HTTP to URL (BenchTelemetry), and the summary says so.
// With --naive it runs the hand-written baseline crawler (NaiveCrawler) instead of the framework, same output.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Scraper.Crawling;
using Scraper.CrawlBench;
using Scraper.Crawling.Scheduling;
using Scraper.Items;
using Scraper.Sqlite;

var arguments = args.Select((value, index) => (value, index)).Where(p => p.value.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.value, p => p.index + 1 < args.Length && !args[p.index + 1].StartsWith("--", StringComparison.Ordinal) ? args[p.index + 1] : "true");
var site = new Uri(arguments.GetValueOrDefault("--base", "http://127.0.0.1:18080"));
var output = arguments.GetValueOrDefault("--out", "items.jsonl");
var login = arguments.ContainsKey("--login");
var concurrency = int.Parse(arguments.GetValueOrDefault("--concurrency", "64"), CultureInfo.InvariantCulture);

// The same settings as the Scrapy spider: 64 in flight, no delay, no robots.txt, no retries, dedup on.
var options = new CrawlOptions
{
    ConcurrentRequests = concurrency,
    ConcurrentRequestsPerDomain = concurrency,
    DownloadDelay = TimeSpan.Zero,
    RandomizeDelay = false,
    ObeyRobotsTxt = false,
    Retry = { MaxRetries = 0 },
    StatsInterval = TimeSpan.FromHours(1),
};
options.Session.ConnectionPool.MaxConnectionsPerServer = concurrency;

// Started before the crawl and stopped after it, as in the worker, whose providers live as long as the host.
var telemetry = arguments.TryGetValue("--otlp", out var otlp) ? BenchTelemetry.Start(new Uri(otlp)) : null;
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var started = Stopwatch.GetTimestamp();
BenchSummary summary;
if (arguments.ContainsKey("--naive"))
{
    if (login)
    {
        Console.Error.WriteLine("--naive crawls the anonymous site only.");
        return 2;
    }

    var (pages, items) = await NaiveCrawler.RunAsync(site, output, concurrency);
    summary = new BenchSummary(nameof(CrawlOutcome.Completed), pages, items, Stopwatch.GetElapsedTime(started).TotalSeconds);
}
else
{
    // The exporter gets the compile-time JSON metadata: a native executable has no reflection to fall back on.
    var jsonOptions = new JsonSerializerOptions(ItemExporter.DefaultJsonOptions) { TypeInfoResolver = BenchJson.Default };
    await using var job = arguments.TryGetValue("--job", out var jobPath) ? await SqliteCrawlJob.OpenAsync(jobPath, new SqliteJobOptions { Fresh = true }) : null;
    var services = new CrawlerServices
    {
        Exporters = { new JsonLinesExporter(output, jsonOptions: jsonOptions) },
        FrontierFactory = job is null ? static () => new MemoryFrontier() : job.CreateFrontier,
        DuplicateFilterFactory = job is null ? static () => new MemoryDuplicateFilter() : job.CreateDuplicateFilter,
    };
    var result = await new Crawler(new BenchSpider(site, login), options, services).RunAsync();
    var stats = result.Stats;
    summary = new BenchSummary(result.Outcome.ToString(), stats.Responses, stats.Items, stats.Elapsed.TotalSeconds) { Errors = stats.ErrorCount, Logins = stats.Logins };
}

// The last export is part of the cost of telemetry.
telemetry?.Dispose();

// Where the memory time goes: the garbage collector's pauses and how much was allocated per page.
summary = summary with
{
    CpuS = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds,
    GcPauseS = GC.GetTotalPauseDuration().TotalSeconds,
    GcCounts = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)],
    AllocatedKbPerPage = GC.GetTotalAllocatedBytes() / 1024.0 / Math.Max(1L, summary.Pages),
    Runtime = System.Runtime.JitInfo.GetCompiledMethodCount() > 0 ? "jit" : "native-aot",
    // What the JIT build spends compiling (nothing in the native executable): the cost a short crawl pays for it.
    JitS = System.Runtime.JitInfo.GetCompilationTime().TotalSeconds,
    JitMethods = System.Runtime.JitInfo.GetCompiledMethodCount(),
    Telemetry = telemetry is not null,
};
var json = JsonSerializer.Serialize(summary, BenchSummaryJson.Default.BenchSummary);
Console.WriteLine(json);
if (arguments.TryGetValue("--stats", out var statsPath))
{
    await File.WriteAllTextAsync(statsPath, json);
}

return summary.Outcome == nameof(CrawlOutcome.Completed) ? 0 : 1;
