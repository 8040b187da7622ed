// The demo shop's JavaScript section, crawled in Debian's Chromium after a login over plain HTTP, in this process:
//   dotnet run --project examples/JsShop            (items in output/js-shop.jsonl)
// Needs the chromium package (apt-get install chromium); nothing is downloaded at run time.
using DemoShop;
using JsShop;
using Scraper.Crawling;
using Scraper.Items;
using Scraper.Playwright;

await using var shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = "example-password" });
// One browser for the crawl, closed at the end; StartAsync checks it now, so a missing or too old Chromium stops here.
await using var browser = new PlaywrightDownloadHandler();
await browser.StartAsync();

var output = Path.Combine("output", "js-shop.jsonl");
var services = new CrawlerServices { DownloadHandlers = { browser }, Exporters = { ItemExporters.ForFile(output) } };
var result = await new Crawler(new JsShopSpider(shop.BaseAddress, "demo", "example-password"), services: services).RunAsync();
Console.WriteLine($"{result.Outcome}: {result.Stats.Items} products of {shop.Catalog.Products.Count} in {output}");
return result.Outcome == CrawlOutcome.Completed && result.Stats.Items == shop.Catalog.Products.Count ? 0 : 1;
