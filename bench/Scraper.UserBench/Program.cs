// A spider as a user writes it from the README, crawling bench/crawl/run.sh's site with the benchmark's options:
//   dotnet run -c Release --project bench/Scraper.UserBench -- BASE_URL ITEMS_FILE [STATS_FILE]
using System.Diagnostics;
using System.Globalization;
using Scraper.Crawling;
using Scraper.Items;

var site = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:18080/");
var output = args.Length > 1 ? args[1] : "items.jsonl";

// The Scrapy spider's settings, as Scraper.CrawlBench has them: 64 in flight, no delay, no robots.txt, no retries.
var options = new CrawlOptions
{
    ConcurrentRequests = 64,
    ConcurrentRequestsPerDomain = 64,
    DownloadDelay = TimeSpan.Zero,
    RandomizeDelay = false,
    ObeyRobotsTxt = false,
    Retry = { MaxRetries = 0 },
    StatsInterval = TimeSpan.FromHours(1),
};
options.Session.ConnectionPool.MaxConnectionsPerServer = 64;

var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var result = await new Crawler(new ShopSpider(site), options, new CrawlerServices { Exporters = { ItemExporters.ForFile(output) } }).RunAsync();
var stats = result.Stats;

// The line run.sh reads (the names Scraper.CrawlBench prints).
var summary = string.Create(
    CultureInfo.InvariantCulture,
    $"{{\"outcome\":\"{result.Outcome}\",\"pages\":{stats.Responses},\"items\":{stats.Items},\"elapsed_s\":{stats.Elapsed.TotalSeconds},\"pages_per_s\":{stats.Responses / stats.Elapsed.TotalSeconds},\"cpu_s\":{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds},\"runtime\":\"jit\"}}");
Console.WriteLine(summary);
if (args.Length > 2)
{
    await File.WriteAllTextAsync(args[2], summary);
}

return result.Outcome == CrawlOutcome.Completed ? 0 : 1;

public sealed class ShopSpider(Uri site) : Spider
{
    public override string Name => "shop";

    public override IEnumerable<string> StartUrls => [site.AbsoluteUri];

    public override IEnumerable<string> AllowedDomains => [site.Host];

    public override IEnumerable<object> Parse(Response response)
    {
        if (response.Url.AbsolutePath.Contains("/product/", StringComparison.Ordinal))
        {
            yield return new Product(response.Url.AbsoluteUri, response.SelectText("h1.product-name"), response.SelectText("div.offer span.price"));
        }

        foreach (var link in response.FollowAll("a[href]"))
        {
            yield return link;
        }
    }
}

public sealed record Product(string Url, string? Name, string? Price);
