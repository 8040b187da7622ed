// The Shop scraper. `dotnet run --project scrapers/Shop` starts the embedded demo shop on a free loopback port,
// logs in, crawls every product into output/shop.jsonl and prints a summary. Point it elsewhere with
// `--url https://shop.example` (credentials from Shop__Username / Shop__Password or user secrets), run it on
// a schedule with `--schedule "*/30 * * * *"`, or deploy it as a systemd service (see the README).
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scraper.Hosting;
using Serilog;
using Shop;

var commandLine = ScraperCommandLine.Parse(args, ShopHost.Switches);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = commandLine.Args, ContentRootPath = AppContext.BaseDirectory });
ShopHost.LayerConfiguration(builder.Configuration, commandLine.Args);

// --help (exit 0) or a bad switch (exit 2) ends here, before anything starts.
if (commandLine.Exit(Console.Out, Console.Error, builder.Configuration, "Shop") is { } exit)
{
    return exit;
}

// Without a shop address, crawl the demo shop that ships with the repository, in this process.
await using var demoShop = builder.Configuration["Shop:BaseUrl"] is null
    ? await ShopHost.StartDemoShopAsync(builder.Configuration)
    : null;

builder.Services.AddSerilog((services, logger) => logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services));
builder.Services.AddSystemd();
builder.Services.AddOptions<ShopOptions>().Bind(builder.Configuration.GetSection(ShopOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddScraper(builder.Configuration.GetSection(ScraperHostOptions.SectionName)).AddSpider<ShopSpider>().AddStatusPage();

return await ShopHost.RunAsync(builder);
