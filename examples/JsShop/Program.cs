// The demo shop's JavaScript section, crawled in Debian's Chromium after a login over plain HTTP, in this process:
//   dotnet run --project examples/JsShop            (items in output/js-shop.jsonl)
// Needs the chromium package (apt-get install chromium); nothing is downloaded at run time.
// Ctrl+C (or SIGTERM) stops the crawl: it ends Cancelled, keeps what it exported, and closes the browser.
using System.Runtime.InteropServices;
using DemoShop;
using JsShop;
using Scraper.Crawling;
using Scraper.Items;
using Scraper.Playwright;

await using var shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = "example-password" });
// One browser for the crawl, closed at the end; StartAsync checks it now, so a missing or too old Chromium stops here.
await using var browser = new PlaywrightDownloadHandler();
await browser.StartAsync();

// Without these, a Ctrl+C reaches only the demo shop's host, which stops the shop, and Playwright's driver (in the
// same process group), which kills the browser: the crawl would end "Completed" with a failed page, not Cancelled.
using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var output = Path.Combine("output", "js-shop.jsonl");
var services = new CrawlerServices { DownloadHandlers = { browser }, Exporters = { ItemExporters.ForFile(output) } };
var result = await new Crawler(new JsShopSpider(shop.BaseAddress, "demo", "example-password"), services: services).RunAsync(stop.Token);
// Only a completed run publishes the file; a stopped one keeps its items aside (the log names the file).
Console.WriteLine(result.Outcome == CrawlOutcome.Completed
    ? $"{result.Outcome}: {result.Stats.Items} products of {shop.Catalog.Products.Count} in {output}"
    : $"{result.Outcome}: {result.Stats.Items} products of {shop.Catalog.Products.Count}, not published to {output}");
return result.Outcome switch
{
    CrawlOutcome.Completed when result.Stats.Items == shop.Catalog.Products.Count => 0,
    CrawlOutcome.Cancelled => 130,
    _ => 1,
};

void Stop(PosixSignalContext context)
{
    // The first signal stops the crawl in order (the browser is closed as the handler is disposed); a second one
    // is left to the runtime, which ends the process at once.
    if (!stop.IsCancellationRequested)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
