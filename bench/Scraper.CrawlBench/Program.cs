// The Scraper side of the crawl benchmark (bench/crawl/run.sh runs it against nginx, next to Scrapy):
//   Scraper.CrawlBench --base http://127.0.0.1:18080 --out items.jsonl [--login] [--concurrency 64] [--stats stats.json]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Scraper.Crawling;
using Scraper.CrawlBench;
using Scraper.Items;

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
    MaxRetries = 0,
    StatsInterval = TimeSpan.FromHours(1),
};
options.Session.ConnectionPool.MaxConnectionsPerServer = concurrency;

var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var result = await new Crawler(new BenchSpider(site, login), options, new CrawlerServices { Exporters = { new JsonLinesExporter(output) } }).RunAsync();
var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
var stats = result.Stats;
var summary = new Dictionary<string, object?>
{
    ["outcome"] = result.Outcome.ToString(),
    ["pages"] = stats.Responses,
    ["items"] = stats.Items,
    ["elapsed_s"] = stats.Elapsed.TotalSeconds,
    ["pages_per_s"] = stats.Responses / stats.Elapsed.TotalSeconds,
    ["cpu_s"] = cpuSeconds,
    ["errors"] = stats.ErrorCount,
    ["logins"] = stats.Logins,
    // Where the memory time goes: the garbage collector's pauses and how much was allocated per page.
    ["gc_pause_s"] = GC.GetTotalPauseDuration().TotalSeconds,
    ["gc_counts"] = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
    ["allocated_kb_per_page"] = GC.GetTotalAllocatedBytes() / 1024.0 / Math.Max(1, stats.Responses),
};
var json = JsonSerializer.Serialize(summary);
Console.WriteLine(json);
if (arguments.TryGetValue("--stats", out var statsPath))
{
    await File.WriteAllTextAsync(statsPath, json);
}

return result.Outcome == CrawlOutcome.Completed ? 0 : 1;
