using System.Text.Json;
using DemoShop;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scraper.Redis.Tests;
using Shop;

namespace Scraper.Hosting.Tests;

/// <summary>Two hosted workers of the Shop scraper, as Program.cs builds them, on one crawl in a real redis-server.</summary>
public sealed class ShopSharedCrawlTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Password = "shared-secret";
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-shared-").FullName;
    private DemoShopServer _shop = null!;

    public async Task InitializeAsync() =>
        _shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = Password, CrawlDelaySeconds = 0, ProductCount = 80 });

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Shop_TwoWorkersWithRedisAndCrawl_ScrapeEveryProductOnceBetweenThemAndLogInOnce()
    {
        var crawl = "shop" + Guid.NewGuid().ToString("N")[..8];
        using var first = BuildHost("one", crawl);
        using var second = BuildHost("two", crawl);

        await Task.WhenAll(first.RunAsync(), second.RunAsync()).WaitAsync(TimeSpan.FromSeconds(60));

        var skus = Read("one").Concat(Read("two")).ToList();
        Assert.Equal(_shop.Catalog.Products.Select(product => product.Sku).Order(StringComparer.Ordinal), skus.Order(StringComparer.Ordinal));
        Assert.Equal(1, _shop.Logins);
    }

    [Fact]
    public async Task RunHistory_TwoWorkersOnOneCrawl_EachRecordsTheCrawlsOneRunWithARowPerWorkerTotalsAndTheCrawlsOutcome()
    {
        var crawl = "records" + Guid.NewGuid().ToString("N")[..8];
        using var first = BuildHost("one", crawl);
        using var second = BuildHost("two", crawl);

        await Task.WhenAll(first.RunAsync(), second.RunAsync()).WaitAsync(TimeSpan.FromSeconds(60));

        var records = new[] { Single("one"), Single("two") };
        // One run for the crawl: the same id and start on both workers, each naming the crawl and both workers.
        Assert.Single(records.Select(record => (record.Id, record.StartedAt)).Distinct());
        Assert.All(records, record =>
        {
            Assert.Equal(crawl, record.Crawl);
            Assert.Equal("Completed", record.Outcome);
            Assert.Equal(2, record.Workers?.Count);
        });
        // Each worker stores its final row before it reads the rows, so the second to do so saw both final: its
        // totals add them up, and every product is among them once.
        var last = records.First(record => record.Workers!.All(row => row.State == "Completed"));
        Assert.Equal(last.Workers!.Sum(row => row.Items), last.Items);
        Assert.Equal(last.Workers!.Sum(row => row.Responses), last.Responses);
        Assert.Equal(last.Workers!.Sum(row => row.Requests), last.Requests);
        Assert.Equal(_shop.Catalog.Products.Count, last.Items);
        Assert.True(last.Workers!.All(row => row.Responses > 0), string.Join(", ", last.Workers!.Select(row => $"{row.Worker}={row.Responses}")));
    }

    [Fact]
    public async Task RefusedStart_NewWorkerOnAFinishedCrawl_LeavesNoExportFileNotEvenAnEmptyTemporaryOne()
    {
        var crawl = "done" + Guid.NewGuid().ToString("N")[..8];
        using (var first = BuildHost("one", crawl))
        {
            await first.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        var lines = new LogLines();
        using var late = BuildHost("late", crawl, lines);
        await late.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var record = Single("late");
        Assert.Equal("Failed", record.Outcome);
        // Refused before its exporters opened: no .shop.jsonl.RUN.tmp, partial file or output in its folder.
        var files = Directory.EnumerateFiles(Path.Combine(_state, "late")).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(files, name => name!.Contains("shop", StringComparison.Ordinal));
        // Its last line does not claim a file it never wrote.
        Assert.Contains(lines.Messages, line => line.StartsWith("Spider shop Failed before its export opened: nothing written", StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Messages, line => line.Contains("items written to", StringComparison.Ordinal));
    }

    private RunRecord Single(string worker)
    {
        var lines = File.ReadAllLines(Path.Combine(_state, worker, "runs.jsonl"));
        return JsonSerializer.Deserialize(Assert.Single(lines), RunHistoryJson.Default.RunRecord)!;
    }

    private IEnumerable<string?> Read(string worker)
    {
        var output = Path.Combine(_state, worker, "shop.jsonl");
        return File.Exists(output) ? File.ReadAllLines(output).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("sku").GetString()) : [];
    }

    private IHost BuildHost(string worker, string crawl, LogLines? lines = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _state, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shop:BaseUrl"] = _shop.BaseAddress.AbsoluteUri,
            ["Shop:Username"] = "demo",
            ["Shop:Password"] = Password,
            ["Scraper:Mode"] = "Once",
            ["Scraper:StateDirectory"] = Path.Combine(_state, worker),
            ["Scraper:Output"] = Path.Combine(_state, worker, "shop.jsonl"),
            ["Scraper:ConcurrentRequests"] = "8",
            ["Scraper:Redis"] = redis.Address,
            ["Scraper:Crawl"] = crawl,
        });
        builder.Logging.ClearProviders();
        if (lines is not null)
        {
            builder.Logging.AddProvider(lines);
        }

        builder.Services.AddOptions<ShopOptions>().Bind(builder.Configuration.GetSection(ShopOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScraper(builder.Configuration.GetSection(ScraperHostOptions.SectionName)).AddSpider<ShopSpider>();
        return builder.Build();
    }

    /// <summary>Every formatted log line of a host, to check what it told its operator.</summary>
    private sealed class LogLines : ILoggerProvider, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IEnumerable<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _messages.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
