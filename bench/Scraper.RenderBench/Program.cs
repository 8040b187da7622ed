// Rendered pages against plain HTTP pages on the same demo-shop pages, the cost of the cookie sync per rendered
// request, and the peak memory of a rendered crawl (this process plus every Chromium process it started).
// Not a test: bench/render/run.sh runs it in Release.
//
//   dotnet run -c Release --project bench/Scraper.RenderBench -- [--pages 500] [--max-pages 4] [--syncs 300]
using System.Diagnostics;
using System.Globalization;
using DemoShop;
using Microsoft.Playwright;
using Scraper.Crawling;
using Scraper.Http;
using Scraper.Http.Cookies;
using Scraper.Playwright;
using Scraper.RenderBench;

var pages = Option("--pages", 500);
var maxPages = Option("--max-pages", 4);
var syncs = Option("--syncs", 300);

await using var shop = await DemoShopServer.StartAsync(new DemoShopOptions { ProductCount = Math.Max(pages, 1), CrawlDelaySeconds = 0 });
Console.WriteLine($"{pages} product pages of the demo shop, Chromium pages open at once: {maxPages}, {Environment.ProcessorCount} cores");

var http = await CrawlAsync(rendered: false);
Console.WriteLine($"http      {http.Pages,5} pages in {http.Seconds,6:0.00} s = {http.Pages / http.Seconds,7:0.0} pages/s, peak RSS {Mb(http.PeakRss)} (this process)");
var render = await CrawlAsync(rendered: true);
Console.WriteLine($"rendered  {render.Pages,5} pages in {render.Seconds,6:0.00} s = {render.Pages / render.Seconds,7:0.0} pages/s, peak PSS {Mb(render.PeakPss)} (this process and Chromium's; their RSS summed: {Mb(render.PeakRss)}), this process alone {Mb(render.PeakOwnRss)} RSS");
Console.WriteLine($"rendering costs {http.Pages / http.Seconds / (render.Pages / render.Seconds):0.0}x the time of a plain request per page");

var (push, pull) = await CookieSyncAsync();
Console.WriteLine($"cookie sync per rendered request, 20 cookies in the jar: push {push:0.00} ms + pull {pull:0.00} ms (median of {syncs})");
return 0;

async Task<Run> CrawlAsync(bool rendered)
{
    var options = new CrawlOptions { ObeyRobotsTxt = false, RandomizeDelay = false, StatsInterval = TimeSpan.FromHours(1) };
    await using var browser = rendered ? new PlaywrightDownloadHandler(new PlaywrightOptions { MaxPages = maxPages }) : null;
    var services = new CrawlerServices { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
    if (browser is not null)
    {
        services.DownloadHandlers.Add(browser);
        // The launch is not a page: measured apart from the crawl.
        await browser.StartAsync();
    }

    using var memory = new MemorySampler();
    var clock = Stopwatch.StartNew();
    var result = await new Crawler(new ProductSpider(shop.BaseAddress, pages, rendered), options, services).RunAsync();
    var seconds = clock.Elapsed.TotalSeconds;
    if (result.Stats.Items != pages)
    {
        throw new InvalidOperationException($"Expected {pages} items, got {result.Stats.Items}: {result.Outcome}");
    }

    return new Run(result.Stats.Items, seconds, await memory.StopAsync(), memory.PeakPss, memory.PeakOwn);
}

// PushAsync and PullAsync are what a rendered request adds to a page for the cookies: timed alone, on a live context.
async Task<(double Push, double Pull)> CookieSyncAsync()
{
    using var playwright = await Playwright.CreateAsync();
    await using var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = new PlaywrightOptions().Validate(), Headless = true });
    var context = await chromium.NewContextAsync();
    await using var session = new Session();
    for (var i = 0; i < 20; i++)
    {
        session.Cookies.Set(new StoredCookie("c" + i, "value-" + i, shop.BaseAddress.Host, "/") { HostOnly = true });
    }

    var sync = new SessionBrowserContext(context, new LiveBrowser(chromium, new AbandonedCalls()), proxy: null, TimeSpan.FromSeconds(5), TimeProvider.System);
    var pushes = new List<double>();
    var pulls = new List<double>();
    for (var i = 0; i < syncs; i++)
    {
        var clock = Stopwatch.StartNew();
        await sync.PushAsync(session, shop.BaseAddress, TimeSpan.FromSeconds(30), CancellationToken.None);
        pushes.Add(clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        await sync.PullAsync(session);
        pulls.Add(clock.Elapsed.TotalMilliseconds);
    }

    return (Median(pushes), Median(pulls));
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:0} MB";

internal sealed record Run(long Pages, double Seconds, long PeakRss, long PeakPss, long PeakOwnRss);
