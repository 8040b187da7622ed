// Three small spiders against the demo shop, started in this process:
//   dotnet run --project examples/Spiders -- listing   (follow links)
//   dotnet run --project examples/Spiders -- member    (log in through a form)
//   dotnet run --project examples/Spiders -- api       (JSON API with pagination)
using DemoShop;
using Scraper.Crawling;
using Scraper.Items;
using Spiders;

var which = args.FirstOrDefault() ?? "listing";
await using var shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = "example-password" });
Spider spider = which switch
{
    "listing" => new ListingSpider(shop.BaseAddress),
    "member" => new MemberSpider(shop.BaseAddress, "demo", "example-password"),
    "api" => new ApiSpider(shop.BaseAddress, "demo", "example-password"),
    _ => throw new ArgumentException($"Unknown spider '{which}': use listing, member or api."),
};

var output = Path.Combine("output", $"{which}.jsonl");
var result = await new Crawler(spider, services: new CrawlerServices { Exporters = { ItemExporters.ForFile(output) } }).RunAsync();
Console.WriteLine($"{result.Outcome}: {result.Stats.Items} items in {output}");
return result.Outcome == CrawlOutcome.Completed ? 0 : 1;
