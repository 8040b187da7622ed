// The Scraper side of the crawl benchmark (bench/crawl/run.sh runs it against nginx, next to Scrapy):
//   Scraper.CrawlBench --base http://127.0.0.1:18080 --out items.jsonl [--login] [--concurrency 64] [--stats stats.json]
// With --naive it runs the hand-written baseline crawler (NaiveCrawler) instead of the framework, same output.
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
var started = Stopwatch.GetTimestamp();
var summary = new Dictionary<string, object?>();
var succeeded = true;
if (arguments.ContainsKey("--naive"))
{
    if (login)
    {
        Console.Error.WriteLine("--naive crawls the anonymous site only.");
        return 2;
    }

    var (pages, items) = await NaiveCrawler.RunAsync(site, output, concurrency);
    var elapsed = Stopwatch.GetElapsedTime(started);
    summary["outcome"] = "Completed";
    summary["pages"] = pages;
    summary["items"] = items;
    summary["elapsed_s"] = elapsed.TotalSeconds;
    summary["pages_per_s"] = pages / elapsed.TotalSeconds;
}
else
{
    var result = await new Crawler(new BenchSpider(site, login), options, new CrawlerServices { Exporters = { new JsonLinesExporter(output) } }).RunAsync();
    var stats = result.Stats;
    summary["outcome"] = result.Outcome.ToString();
    summary["pages"] = stats.Responses;
    summary["items"] = stats.Items;
    summary["elapsed_s"] = stats.Elapsed.TotalSeconds;
    summary["pages_per_s"] = stats.Responses / stats.Elapsed.TotalSeconds;
    summary["errors"] = stats.ErrorCount;
    summary["logins"] = stats.Logins;
    succeeded = result.Outcome == CrawlOutcome.Completed;
}

summary["cpu_s"] = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
// Where the memory time goes: the garbage collector's pauses and how much was allocated per page.
summary["gc_pause_s"] = GC.GetTotalPauseDuration().TotalSeconds;
summary["gc_counts"] = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
summary["allocated_kb_per_page"] = GC.GetTotalAllocatedBytes() / 1024.0 / Math.Max(1L, Convert.ToInt64(summary["pages"], CultureInfo.InvariantCulture));
var json = JsonSerializer.Serialize(summary);
Console.WriteLine(json);
if (arguments.TryGetValue("--stats", out var statsPath))
{
    await File.WriteAllTextAsync(statsPath, json);
}

return succeeded ? 0 : 1;
