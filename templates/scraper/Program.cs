// `dotnet run -c Release` starts the demo shop on a free loopback port and crawls every product into
// output/products.jsonl, printing progress. `dotnet run -- --url https://shop.example/` crawls another shop of the
// same shape instead; `dotnet run -- --check` (or `scraper check`) runs the spider's contracts.
using DemoShop;
using Microsoft.Extensions.Logging;
using Scraper.Crawling;
using Scraper.Crawling.Contracts;
using Scraper.Items;
using ScraperProject;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var url = args.SkipWhile(arg => arg != "--url").Skip(1).FirstOrDefault();
await using var shop = url is null ? await DemoShopServer.StartAsync(cancellationToken: stop.Token) : null;
var spider = new ProductsSpider(url is null ? shop!.BaseAddress : new Uri(url));

if (args.Contains("--check"))
{
    return await SpiderContracts.CheckAsync(spider, Console.Out, stop.Token);
}

using var logging = LoggerFactory.Create(builder => builder.AddSimpleConsole(console => console.SingleLine = true));
var output = Path.Combine("output", "products.jsonl");
var options = new CrawlOptions { StatsInterval = TimeSpan.FromSeconds(1) };
var services = new CrawlerServices { LoggerFactory = logging, Exporters = { ItemExporters.ForFile(output) } };
var result = await new Crawler(spider, options, services).RunAsync(stop.Token);
Console.WriteLine(result.Stats.ToSummary());
Console.WriteLine($"{result.Outcome}: {result.Stats.Items} items in {output}");
return result.Outcome switch
{
    CrawlOutcome.Completed => 0,
    CrawlOutcome.Cancelled => 130,
    _ => 1,
};
