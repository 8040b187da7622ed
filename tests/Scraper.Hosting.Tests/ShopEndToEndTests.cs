using System.Text.Json;
using DemoShop;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Tests.TestSites;
using Shop;

namespace Scraper.Hosting.Tests;

/// <summary>The Shop scraper's host, as Program.cs builds it, against the demo shop in this process.</summary>
public sealed class ShopEndToEndTests : IAsyncLifetime
{
    private const string Password = "e2e-secret";
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-shop-").FullName;
    private DemoShopServer _shop = null!;

    private string Output => Path.Combine(_state, "shop.jsonl");

    public async Task InitializeAsync() =>
        _shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = Password, CrawlDelaySeconds = 0 });

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    private IHost BuildHost(Dictionary<string, string?>? overrides = null, Action<IScraperBuilder>? scraper = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _state, DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["Shop:BaseUrl"] = _shop.BaseAddress.AbsoluteUri,
            ["Shop:Username"] = "demo",
            ["Shop:Password"] = Password,
            ["Scraper:Mode"] = "Once",
            ["Scraper:StateDirectory"] = _state,
            ["Scraper:Output"] = Output,
            ["Scraper:ConcurrentRequests"] = "16",
            ["Scraper:Retry:BaseDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddOptions<ShopOptions>().Bind(builder.Configuration.GetSection(ShopOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var added = builder.Services.AddScraper(builder.Configuration.GetSection(ScraperHostOptions.SectionName)).AddSpider<ShopSpider>();
        scraper?.Invoke(added);
        return builder.Build();
    }

    /// <summary>Sees every request of a crawl on its way down the pipeline, with the container's services.</summary>
    private sealed class CountingMiddleware(RequestCounter counter) : Scraper.Crawling.Downloading.IDownloadMiddleware
    {
        public ValueTask<Scraper.Crawling.Response> InvokeAsync(Scraper.Crawling.Request request, Scraper.Crawling.Downloading.DownloadContext context, Scraper.Crawling.Downloading.DownloadDelegate next, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter.Count);
            return next(request, context, cancellationToken);
        }
    }

    private sealed class RequestCounter
    {
        public int Count;
    }

    [Fact]
    public async Task Shop_DownloadMiddlewareAddedToTheBuilderSeesEveryAttemptOnTheWire()
    {
        var counter = new RequestCounter();
        using var host = BuildHost(scraper: scraper =>
        {
            scraper.Services.AddSingleton(counter);
            scraper.AddDownloadMiddleware<CountingMiddleware>();
        });

        await host.RunAsync();

        Assert.Equal(_shop.Catalog.Products.Count, ReadProducts().Count);
        // Every page of the crawl (robots.txt and the login go through the session, not the pipeline).
        Assert.True(counter.Count >= _shop.Catalog.Products.Count, $"{counter.Count} requests seen");
    }

    private List<ShopProduct> ReadProducts() =>
        [.. File.ReadAllLines(Output).Select(line => JsonSerializer.Deserialize<ShopProduct>(line, JsonSerializerOptions.Web)!)];

    [Fact]
    public async Task Shop_ScrapesEveryProductWithMembersOnlyFieldsAndRespectsTheSite()
    {
        using var host = BuildHost();

        await host.RunAsync();

        var products = ReadProducts();
        Assert.Equal(_shop.Catalog.Products.Count, products.Count);
        Assert.Equal(_shop.Catalog.Products.Count, products.Select(p => p.Sku).Distinct().Count());
        foreach (var id in new[] { 1, 2, 3, 500, 999, _shop.Catalog.Products.Count })
        {
            var expected = _shop.Catalog.Find(id)!;
            var actual = Assert.Single(products, p => p.Sku == expected.Sku);
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal(expected.Category, actual.Category);
            Assert.Equal(expected.Price, actual.Price);
            Assert.Equal(expected.MemberPrice, actual.MemberPrice);
            Assert.Equal(expected.Stock, actual.Stock);
            Assert.Equal(expected.Rating, actual.Rating);
            Assert.Equal(expected.Description, actual.Description);
            Assert.Equal(expected.Images.Select(src => new Uri(_shop.BaseAddress, src).AbsoluteUri), actual.Images);
            Assert.Equal(new Uri(_shop.BaseAddress, $"/product/{id}").AbsoluteUri, actual.Url);
        }

        Assert.All(products, p => Assert.NotNull(p.MemberPrice));
        Assert.Equal(1, _shop.Logins);
        var requested = _shop.RequestedPaths.ToList();
        Assert.DoesNotContain(requested, path => path.StartsWith("/admin/", StringComparison.Ordinal));
        var pages = requested.Where(path => path.StartsWith("/product/", StringComparison.Ordinal) || path.StartsWith("/category/", StringComparison.Ordinal)).ToList();
        Assert.Equal(pages.Count, pages.Distinct().Count());
    }

    [Fact]
    public async Task Shop_ProxiesFromConfigurationCarryTheHostedCrawlWithTheirCredentials()
    {
        await using var proxy = await ForwardProxy.StartAsync("configured", "crawler", "proxy-secret");
        using var host = BuildHost(new() { ["Scraper:Proxies:Urls:0"] = proxy.Url, ["Scraper:MaxPages"] = "30" });

        await host.RunAsync();

        Assert.NotEmpty(ReadProducts());
        Assert.All(ReadProducts(), p => Assert.NotNull(p.MemberPrice));
        // Every request of the crawl (login and robots.txt included) went through the proxy, none directly.
        Assert.Equal(_shop.RequestedPaths.Count, proxy.Forwarded);
        Assert.All(proxy.Authorizations, value => Assert.Equal("Basic " + Convert.ToBase64String("crawler:proxy-secret"u8), value));
    }

    [Fact]
    public async Task Shop_SavedCookiesAreUsedByTheNextRunWithoutLoggingInAgain()
    {
        using (var first = BuildHost(new() { ["Scraper:MaxPages"] = "20" }))
        {
            await first.RunAsync();
        }

        using (var second = BuildHost(new() { ["Scraper:MaxPages"] = "20" }))
        {
            await second.RunAsync();
        }

        Assert.Equal(1, _shop.Logins);
        Assert.All(ReadProducts(), p => Assert.NotNull(p.MemberPrice));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Length);
    }

    [Fact]
    public async Task Shop_SecondCrawlWithTheCacheMakesZeroRequestsToTheShopAndYieldsTheSameItems()
    {
        // --cache, as a user types it; the entries go under the state folder.
        var (args, _) = ScraperCommandLine.Normalize(["--cache"]);
        var cacheOn = new Dictionary<string, string?> { [args.Single()[2..].Split('=')[0]] = args.Single().Split('=')[1] };
        using (var first = BuildHost(cacheOn))
        {
            await first.RunAsync();
        }

        var firstProducts = ReadProducts().OrderBy(p => p.Sku, StringComparer.Ordinal).ToList();
        var servedByFirst = _shop.RequestedPaths.Count;
        File.Delete(Output);
        using (var second = BuildHost(cacheOn))
        {
            await second.RunAsync();
        }

        Assert.Equal(servedByFirst, _shop.RequestedPaths.Count);
        var secondProducts = ReadProducts().OrderBy(p => p.Sku, StringComparer.Ordinal).ToList();
        Assert.Equal(_shop.Catalog.Products.Count, secondProducts.Count);
        Assert.Equal(firstProducts.Select(p => JsonSerializer.Serialize(p)), secondProducts.Select(p => JsonSerializer.Serialize(p)));
        Assert.True(Directory.EnumerateFiles(Path.Combine(_state, "httpcache", "shop"), "meta.json", SearchOption.AllDirectories).Count() > _shop.Catalog.Products.Count);
        var runs = File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(0, runs[1].GetProperty("requests").GetInt64());
        Assert.Equal(runs[0].GetProperty("items").GetInt64(), runs[1].GetProperty("items").GetInt64());
    }

    [Fact]
    public async Task Shop_WithoutTheCacheSwitchNothingIsCached()
    {
        using (var host = BuildHost(new() { ["Scraper:MaxPages"] = "5" }))
        {
            await host.RunAsync();
        }

        Assert.False(Directory.Exists(Path.Combine(_state, "httpcache")));
    }

    [Fact]
    public async Task Shop_MissingCredentialFailsAtStartNamingTheKey()
    {
        using var host = BuildHost(new() { ["Shop:Password"] = null });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Shop:Password", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _shop.Logins);
    }

    [Theory]
    [InlineData("Scraper:Schedule", "every minute", "Scraper:Schedule")]
    [InlineData("Scraper:ConcurrentRequests", "-1", "Scraper:ConcurrentRequests")]
    [InlineData("Scraper:Proxies:Urls:0", "ftp://user:pw@127.0.0.1:21", "Scraper:Proxies:Urls:0")]
    [InlineData("Scraper:Spiders:shop:Proxies:MaxFailures", "0", "Scraper:Spiders:shop:Proxies:MaxFailures")]
    [InlineData("Scraper:Retry:MaxRetries", "-1", "Scraper:Retry:MaxRetries")]
    [InlineData("Scraper:Spiders:shop:Retry:MaxDelay", "00:00:00", "Scraper:Spiders:shop:Retry:MaxDelay")]
    [InlineData("Scraper:MaxRetries", "1", "Scraper:Retry:MaxRetries")]
    [InlineData("Scraper:HttpCache:Expiration", "-00:00:01", "Scraper:HttpCache:Expiration")]
    [InlineData("Scraper:HttpCache:IgnoreStatusCodes:0", "42", "Scraper:HttpCache:IgnoreStatusCodes")]
    public async Task Configuration_InvalidValueFailsAtStartNamingTheKey(string key, string value, string named)
    {
        // Some options are read while the host is built (its shutdown timeout), others when it starts: either way
        // nothing runs and the error names the key.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            using var host = BuildHost(new() { [key] = value });
            await host.StartAsync();
        });

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Empty(_shop.RequestedPaths);
    }

    [Fact]
    public async Task Shop_StoppedMidCrawlKeepsWholeLinesForEveryItemAndExitsAsInterrupted()
    {
        using var host = BuildHost(new() { ["Scraper:ConcurrentRequests"] = "4" }, scraper => scraper.AddPipeline<StopAfterItems>());

        var exit = host.Services.GetRequiredService<ScraperExitStatus>();

        await host.RunAsync();

        Assert.Equal(ExitCodes.Interrupted, exit.ExitCode);
        var text = await File.ReadAllTextAsync(Output);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var products = ReadProducts();
        Assert.InRange(products.Count, StopAfterItems.Limit, _shop.Catalog.Products.Count - 1);
        var run = JsonDocument.Parse(File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Single()).RootElement;
        Assert.Equal("Cancelled", run.GetProperty("outcome").GetString());
        Assert.Equal(products.Count, run.GetProperty("items").GetInt64());
    }

    /// <summary>Asks the host to stop once enough items went by, as Ctrl+C would, and passes every item on.</summary>
    private sealed class StopAfterItems(IHostApplicationLifetime lifetime) : Scraper.Items.IItemPipeline
    {
        public const int Limit = 100;
        private int _seen;

        public async IAsyncEnumerable<object> ProcessAsync(object item, Scraper.Items.ItemContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _seen) == Limit)
            {
                lifetime.StopApplication();
            }

            yield return item;
            await Task.CompletedTask;
        }
    }
}
