// The distributed crawl's benchmarks (bench/redis/run.sh runs them):
//   Scraper.RedisBench site --port 18090 --pages 3000 --latency-ms 50
//   Scraper.RedisBench crawl --base URL [--redis HOST:PORT --crawl NAME [--shared-limit]] [--per-domain 8] [--concurrency 8] [--bench-site] [--stats FILE]
// A crawl prints one JSON line: pages, when its crawl started and ended (Unix ms, so run.sh can time N worker processes
// as one crawl), and pages/s. Without --redis it runs the in-memory engine. --shared-limit shares the per-domain limit
// across the workers in Redis; without it each worker keeps its own. --bench-site crawls bench/crawl's nginx site
// with its spider (follow every link, one item per product).
using System.Globalization;
using System.Text.Json;
using Scraper.CrawlBench;
using Scraper.Crawling;
using Scraper.Items;
using Scraper.Redis;
using Scraper.RedisBench;

var arguments = args.Skip(1).Select((value, index) => (value, index)).Where(p => p.value.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.value, p => p.index + 2 < args.Length && !args[p.index + 2].StartsWith("--", StringComparison.Ordinal) ? args[p.index + 2] : "true");
int Number(string name, int fallback) => int.Parse(arguments.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

if (args.FirstOrDefault() == "site")
{
    await LatencySite.RunAsync(Number("--port", 18090), Number("--pages", 3000), TimeSpan.FromMilliseconds(Number("--latency-ms", 50)));
    return 0;
}

if (args.FirstOrDefault() != "crawl")
{
    Console.Error.WriteLine("usage: Scraper.RedisBench site|crawl [options] (see Program.cs)");
    return 2;
}

var site = new Uri(arguments.GetValueOrDefault("--base", "http://127.0.0.1:18090"));
var concurrency = Number("--concurrency", 8);
var options = new CrawlOptions
{
    ConcurrentRequests = concurrency,
    ConcurrentRequestsPerDomain = Number("--per-domain", concurrency),
    DownloadDelay = TimeSpan.Zero,
    RandomizeDelay = false,
    ObeyRobotsTxt = false,
    Retry = { MaxRetries = 0 },
    StatsInterval = TimeSpan.FromHours(1),
};
options.Session.ConnectionPool.MaxConnectionsPerServer = Math.Max(concurrency, options.ConcurrentRequestsPerDomain);
var tree = new TreeSpider(site);
Spider spider = arguments.ContainsKey("--bench-site") ? new BenchSpider(site, login: false) : tree;
IList<IItemExporter> exporters = arguments.ContainsKey("--bench-site")
    ? [new JsonLinesExporter(arguments.GetValueOrDefault("--out", "/dev/null"), jsonOptions: new JsonSerializerOptions(ItemExporter.DefaultJsonOptions) { TypeInfoResolver = BenchJson.Default })]
    : [];
await using var redis = arguments.TryGetValue("--redis", out var configuration)
    ? await RedisCrawl.ConnectAsync(new RedisCrawlOptions { Configuration = configuration, Crawl = arguments.GetValueOrDefault("--crawl", "bench") })
    : null;
var services = redis is null
    ? new CrawlerServices { Exporters = exporters }
    : new CrawlerServices
    {
        Exporters = exporters,
        FrontierFactory = redis.CreateFrontier,
        DuplicateFilterFactory = redis.CreateDuplicateFilter,
        PolitenessStateFactory = arguments.ContainsKey("--shared-limit") ? redis.CreatePolitenessState : null,
        SessionStore = redis.Sessions,
        SharedLogin = redis.Login,
    };

var started = DateTimeOffset.UtcNow;
var result = await new Crawler(spider, options, services).RunAsync();
var ended = DateTimeOffset.UtcNow;
var stats = result.Stats;
var json = JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["outcome"] = result.Outcome.ToString(),
    ["pages"] = stats.Responses,
    ["items"] = stats.Items,
    ["errors"] = stats.ErrorCount,
    ["started_ms"] = started.ToUnixTimeMilliseconds(),
    ["ended_ms"] = ended.ToUnixTimeMilliseconds(),
    ["pages_per_s"] = stats.Responses / Math.Max(0.001, (ended - started).TotalSeconds),
    ["redis_retries"] = redis?.CommandRetries ?? 0,
    // When each page of the latency site was parsed (Unix ms): run.sh takes the window in which every worker crawled.
    ["parsed_ms"] = tree.Parsed.Order().ToArray(),
});
Console.WriteLine(json);
if (arguments.TryGetValue("--stats", out var statsPath))
{
    await File.WriteAllTextAsync(statsPath, json);
}

return result.Outcome == CrawlOutcome.Completed ? 0 : 1;

/// <summary>Follows every link of the latency site, noting when it parsed each page; no items.</summary>
internal sealed class TreeSpider(Uri site) : Spider
{
    public System.Collections.Concurrent.ConcurrentQueue<long> Parsed { get; } = new();

    public override string Name => "tree";

    public override IEnumerable<string> StartUrls => [new Uri(site, "/").AbsoluteUri];

    public override IEnumerable<object> Parse(Response response)
    {
        Parsed.Enqueue(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return response.FollowAll("a[href]");
    }
}
