// `dotnet run -c Release` starts the demo shop on a free loopback port and crawls every product into
// output/products.jsonl, printing progress. `dotnet run -- --url https://shop.example/` crawls another shop of the
// same shape instead; `dotnet run -- --check` (or `scraper check`) runs the spider's contracts; `dotnet run -- --help`
// lists the switches and settings. The Generic Host runs the crawl, as in the repository's scrapers/Shop: settings
// from appsettings.json, environment variables (Scraper__MaxPages=100) and the command line, Ctrl+C and SIGTERM stop
// it cleanly, and the exit code says how it went (0 done, 1 failed, 2 bad configuration, 130 interrupted).
using DemoShop;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scraper.Crawling.Contracts;
using Scraper.Hosting;
using ScraperProject;
using Serilog;

ScraperSwitch[] switches =
[
    new("--url", "Shop:BaseUrl", "URL", "the shop to crawl; the embedded demo shop when unset"),
    ScraperSwitch.Flag("--check", "Shop:Check", "true", "run the spider's contracts instead of crawling (scraper check)"),
];
var commandLine = ScraperCommandLine.Parse(args, switches);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = commandLine.Args, ContentRootPath = AppContext.BaseDirectory });

// --help (exit 0) or a bad switch (exit 2) ends here, before anything starts.
if (commandLine.Exit(Console.Out, Console.Error, builder.Configuration, "ScraperProject") is { } exit)
{
    return exit;
}

var url = builder.Configuration["Shop:BaseUrl"];
if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
{
    await Console.Error.WriteLineAsync($"Invalid configuration: Shop:BaseUrl '{url}' is not an http or https URL");
    return ExitCodes.InvalidConfiguration;
}

// Without a shop address, crawl the demo shop that ships with Scraper, in this process.
await using var demoShop = url is null ? await DemoShopServer.StartAsync() : null;
var shop = new Uri(url ?? demoShop!.BaseAddress.AbsoluteUri);

if (builder.Configuration.GetValue<bool>("Shop:Check"))
{
    return await SpiderContracts.CheckAsync(new ProductsSpider(shop), Console.Out);
}

builder.Services.AddSerilog((services, logger) => logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services));
builder.Services.AddTransient(_ => new ProductsSpider(shop));
builder.Services.AddScraper(builder.Configuration.GetSection(ScraperHostOptions.SectionName)).AddSpider<ProductsSpider>();
// Log levels may be given in Serilog's names or in Microsoft.Extensions.Logging's (--log-level Trace).
return await ScraperHost.RunAsync(builder);
