using DemoShop;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Shop;

namespace Scraper.Hosting.Tests;

/// <summary>The progress and summary events carry their numbers as properties, for structured logs to chart.</summary>
public sealed class ProgressLogTests : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-progress-").FullName;
    private DemoShopServer _shop = null!;

    public async Task InitializeAsync() => _shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = "pw", CrawlDelaySeconds = 0 });

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Progress_AndSummaryEventsCarryNumericProperties()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _state, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shop:BaseUrl"] = _shop.BaseAddress.AbsoluteUri,
            ["Shop:Username"] = "demo",
            ["Shop:Password"] = "pw",
            ["Scraper:Mode"] = "Once",
            ["Scraper:StateDirectory"] = _state,
            ["Scraper:Output"] = Path.Combine(_state, "shop.jsonl"),
            ["Scraper:MaxPages"] = "150",
            ["Scraper:ConcurrentRequests"] = "2",
            ["Scraper:StatsInterval"] = "00:00:00.010",
        });
        builder.Logging.ClearProviders();
        var collector = new FakeLogCollector();
        builder.Logging.AddProvider(new FakeLoggerProvider(collector));
        builder.Services.AddOptions<ShopOptions>().Bind(builder.Configuration.GetSection(ShopOptions.SectionName));
        builder.Services.AddScraper(builder.Configuration.GetSection(ScraperHostOptions.SectionName)).AddSpider<ShopSpider>();
        using var host = builder.Build();

        await host.RunAsync();

        var records = collector.GetSnapshot();
        Assert.True(records.Any(r => r.Id.Id == 2001), string.Join("\n", records.Select(r => $"{r.Id} {r.Message}")));
        var progress = records.First(r => r.Id.Id == 2001);
        foreach (var name in new[] { "Pages", "PagesPerMinute", "Items", "ItemsPerMinute", "Errors", "Pending", "InFlight" })
        {
            Assert.True(double.TryParse(Property(progress, name), System.Globalization.CultureInfo.InvariantCulture, out _), $"{name} = {Property(progress, name)}");
        }

        Assert.StartsWith("Spider shop: crawled ", progress.Message, StringComparison.Ordinal);
        var summary = records.Single(r => r.Id.Id == 2002);
        // A crawl capped at 150 pages may finish the few already in flight: the property is the summary's own count.
        var pages = long.Parse(Property(summary, "Pages"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(pages, 150, 152);
        Assert.True(long.Parse(Property(summary, "Items"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("0", Property(summary, "Errors"));
        Assert.True(double.Parse(Property(summary, "ElapsedSeconds"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains($"  responses: {pages}", summary.Message, StringComparison.Ordinal);
    }

    private static string Property(FakeLogRecord record, string name) =>
        record.StructuredState!.Single(p => p.Key == name).Value!;
}
