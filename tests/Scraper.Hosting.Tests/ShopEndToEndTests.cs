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

    private List<ShopProduct> ReadProducts(string? path = null) =>
        [.. File.ReadAllLines(path ?? Output).Select(line => JsonSerializer.Deserialize<ShopProduct>(line, JsonSerializerOptions.Web)!)];

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
        var args = ScraperCommandLine.Parse(["--cache"]).Args;
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
    public async Task Shop_Incremental_SecondRunFetchesOnlyListingsAndExportsNothing_ThenExactlyTheTenChangedPrices()
    {
        var incremental = new Dictionary<string, string?> { ["Shop:Incremental"] = "true", ["Scraper:Output"] = Path.Combine(_state, "shop-{run}.jsonl") };
        var first = await RunIncrementalAsync(incremental);
        var served = _shop.RequestedPaths.Count;
        var second = await RunIncrementalAsync(incremental);
        var secondPaths = _shop.RequestedPaths.Skip(served).ToList();
        var changed = _shop.Catalog.RevisePrices(DemoShopServer.PricesPerRevision, seed: 1);
        var third = await RunIncrementalAsync(incremental);

        Assert.Equal(_shop.Catalog.Products.Count, first.Count);
        Assert.Empty(second);
        // No product page again; only the discontinued product's link, a 404 that never gave an item, is tried again.
        var discontinued = $"/product/{_shop.Catalog.Products.Count + 1}";
        Assert.Equal(new[] { discontinued }, secondPaths.Where(path => path.StartsWith("/product/", StringComparison.Ordinal)));
        var listings = Catalog.CategorySlugs.Sum(slug => (_shop.Catalog.ByCategory[slug].Count + 23) / 24);
        Assert.Equal(listings, secondPaths.Count(path => path.StartsWith("/category/", StringComparison.Ordinal)));
        Assert.Equal(changed.Select(p => (p.Sku, p.Price, (decimal?)p.MemberPrice)).Order(), third.Select(p => (p.Sku, p.Price, p.MemberPrice)).Order());
        // The saved session carried all three runs: one login.
        Assert.Equal(1, _shop.Logins);
    }

    /// <summary>Runs the Shop host once with each run's output a file of its own, and returns what that run exported.</summary>
    private async Task<List<ShopProduct>> RunIncrementalAsync(Dictionary<string, string?> settings)
    {
        var before = Directory.GetFiles(_state, "shop-*.jsonl").ToHashSet(StringComparer.Ordinal);
        using (var host = BuildHost(settings))
        {
            await host.RunAsync();
        }

        var published = Assert.Single(Directory.GetFiles(_state, "shop-*.jsonl"), file => !before.Contains(file));
        return ReadProducts(published);
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
    [InlineData("Scraper:Output", "output/{spidr}.jsonl", "Scraper:Output 'output/{spidr}.jsonl' uses the unknown placeholder '{spidr}'")]
    [InlineData("Scraper:Spiders:shop:Output", "output/{spider}-{time}.jsonl", "Scraper:Spiders:shop:Output")]
    [InlineData("Scraper:Spiders:shop:Output", "output/{spider}.xml", "Scraper:Spiders:shop:Output")]
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
        var run = JsonDocument.Parse(File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Single()).RootElement;
        Assert.Equal("Cancelled", run.GetProperty("outcome").GetString());
        // The stopped run's items stay in its temporary file, which its job owns (the next run continues it), never
        // published as the output.
        var partial = run.GetProperty("partial").GetString()!;
        Assert.Equal(Path.Combine(_state, $".shop.jsonl.{run.GetProperty("id").GetString()}.tmp"), partial);
        Assert.False(File.Exists(Output));
        Assert.EndsWith("\n", await File.ReadAllTextAsync(partial), StringComparison.Ordinal);
        var products = ReadProducts(partial);
        Assert.InRange(products.Count, StopAfterItems.Limit, _shop.Catalog.Products.Count - 1);
        Assert.Equal(products.Count, run.GetProperty("items").GetInt64());
        Assert.False(Directory.Exists(Path.Combine(_state, "runs")) && Directory.EnumerateFiles(Path.Combine(_state, "runs")).Any());
    }

    [Fact]
    public async Task Shop_StoppedRunAfterACompleteOneLeavesTheCompleteExportWhole()
    {
        using (var complete = BuildHost(new() { ["Scraper:MaxItems"] = "40" }))
        {
            await complete.RunAsync();
        }

        var lastComplete = await File.ReadAllBytesAsync(Output);
        using (var stopped = BuildHost(new() { ["Scraper:ConcurrentRequests"] = "4" }, scraper => scraper.AddPipeline<StopAfterItems>()))
        {
            await stopped.RunAsync();
        }

        Assert.Equal(lastComplete, await File.ReadAllBytesAsync(Output));
        Assert.Equal(40, ReadProducts().Count);
        var runs = File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["LimitReached", "Cancelled"], runs.Select(r => r.GetProperty("outcome").GetString()));
        Assert.True(ReadProducts(runs[1].GetProperty("partial").GetString()).Count >= StopAfterItems.Limit);
        // Nothing else is left beside the output but the stopped job's own export, which its next run continues.
        Assert.Single(Directory.GetFiles(_state, "shop*.jsonl"));
        Assert.Equal(runs[1].GetProperty("partial").GetString(), Assert.Single(Directory.GetFiles(_state, ".shop*")));
    }

    [Fact]
    public async Task Shop_OutputWithRunAndDatePlaceholdersNamesTheFileAfterTheRun()
    {
        using (var host = BuildHost(new() { ["Scraper:MaxItems"] = "3", ["Scraper:Output"] = Path.Combine(_state, "{spider}", "{date}", "{run}.csv") }))
        {
            await host.RunAsync();
        }

        var run = JsonDocument.Parse(File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Single()).RootElement;
        var id = run.GetProperty("id").GetString()!;
        var date = run.GetProperty("startedAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var expected = Path.Combine(_state, "shop", date, id + ".csv");
        Assert.Equal(expected, run.GetProperty("output").GetString());
        Assert.Equal(4, File.ReadAllLines(expected).Length);
        Assert.Matches("^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$", id);
    }

    [Fact]
    public async Task Shop_RunKilledBeforeItEndedIsRecordedCrashedByTheNextStartWithItsItemsKept()
    {
        // What a killed run leaves: its running record, last updated with 2 items, and its temporary file.
        var history = new RunHistory(Options.Create(new ScraperHostOptions { StateDirectory = _state }));
        var temporary = Path.Combine(_state, ".shop.jsonl.20260101-000000-abcd.tmp");
        await File.WriteAllTextAsync(temporary, "{\"name\":\"a\"}\n{\"name\":\"b\"}\n");
        var started = DateTimeOffset.UtcNow.AddHours(-1);
        await history.SaveRunningAsync(new RunRecord("shop", started, started.AddMinutes(5), RunRecord.Running, null, 9, 9, 2, 0, Output, "20260101-000000-abcd", temporary));

        using (var host = BuildHost(new() { ["Scraper:MaxItems"] = "5" }))
        {
            await host.RunAsync();
        }

        var runs = File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["Crashed", "LimitReached"], runs.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal(2, runs[0].GetProperty("items").GetInt64());
        var partial = Path.Combine(_state, "shop.20260101-000000-abcd.partial.jsonl");
        Assert.Equal(partial, runs[0].GetProperty("partial").GetString());
        Assert.Equal(2, File.ReadAllLines(partial).Length);
        Assert.False(File.Exists(temporary));
        Assert.Equal(5, ReadProducts().Count);
    }

    [Fact]
    public async Task Shop_RunKilledBeforeItsFirstItem_IsRecordedCrashedNamingNoPartialFile_AndLeavesNone()
    {
        // Killed during the login: its temporary file was opened and nothing was written to it.
        var history = new RunHistory(Options.Create(new ScraperHostOptions { StateDirectory = _state }));
        var temporary = Path.Combine(_state, ".shop.jsonl.20260101-000000-abcd.tmp");
        await File.WriteAllTextAsync(temporary, string.Empty);
        var started = DateTimeOffset.UtcNow.AddHours(-1);
        await history.SaveRunningAsync(new RunRecord("shop", started, started.AddMinutes(1), RunRecord.Running, null, 1, 0, 0, 0, Output, "20260101-000000-abcd", temporary));

        using (var host = BuildHost(new() { ["Scraper:MaxItems"] = "5" }))
        {
            await host.RunAsync();
        }

        var runs = File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["Crashed", "LimitReached"], runs.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("partial").ValueKind);
        Assert.Empty(Directory.GetFiles(_state, "*.partial.jsonl"));
        Assert.False(File.Exists(temporary));
        Assert.Equal(5, ReadProducts().Count);
    }

    [Fact]
    public async Task Shop_HostedRun_KeepsItsCrawlInAnOwnerOnlyJobFile_AndAFinishedJobStartsOverNextRun()
    {
        using (var first = BuildHost())
        {
            await first.RunAsync();
        }

        var jobFile = Path.Combine(_state, "jobs", "shop.db");
        Assert.True(File.Exists(jobFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(jobFile));
        }

        using (var second = BuildHost())
        {
            await second.RunAsync();
        }

        // The first run finished its job, so the second crawls the shop again instead of resuming an empty frontier.
        var runs = File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(_shop.Catalog.Products.Count, runs[1].GetProperty("items").GetInt64());
        // The session's cookies live in the job file now: the second run did not log in again.
        Assert.Equal(1, _shop.Logins);
        Assert.False(Directory.Exists(Path.Combine(_state, "sessions")));
    }

    [Fact]
    public async Task Shop_StoppedRun_IsResumedByTheNextOne_WithoutStartingOver()
    {
        using (var stopped = BuildHost(scraper: scraper => scraper.AddPipeline<StopAfterItems>()))
        {
            await stopped.RunAsync();
        }

        using (var resumed = BuildHost())
        {
            await resumed.RunAsync();
        }

        var runs = File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["Cancelled", "Completed"], runs.Select(run => run.GetProperty("outcome").GetString()));
        // The resumed run continued the stopped run's export from its last commit: the published output is exactly
        // what one uninterrupted run writes, every product once, and the resumed run did not crawl what was committed.
        var products = ReadProducts();
        Assert.Equal(_shop.Catalog.Products.Count, products.Count);
        Assert.Equal(products.Count, products.Select(product => product.Sku).Distinct().Count());
        // The resumed run's record goes on from the stopped one's: the same run, its counters cumulative over the job.
        Assert.True(runs[1].GetProperty("resumed").GetBoolean());
        Assert.False(runs[0].GetProperty("resumed").GetBoolean());
        Assert.Equal(runs[0].GetProperty("id").GetString(), runs[1].GetProperty("id").GetString());
        Assert.Equal(_shop.Catalog.Products.Count, runs[1].GetProperty("items").GetInt64());
        Assert.True(runs[1].GetProperty("requests").GetInt64() > runs[0].GetProperty("requests").GetInt64());
        Assert.True(runs[1].GetProperty("responses").GetInt64() > _shop.Catalog.Products.Count);
        Assert.Empty(Directory.GetFiles(_state, ".shop*"));
    }

    [Fact]
    public async Task Shop_StoppedRunNamedByRunAndDate_ResumedRunPublishesUnderTheStoppedRunsName()
    {
        var named = new Dictionary<string, string?> { ["Scraper:Output"] = Path.Combine(_state, "{date}", "shop-{run}.jsonl") };
        using (var stopped = BuildHost(named, scraper => scraper.AddPipeline<StopAfterItems>()))
        {
            await stopped.RunAsync();
        }

        using (var resumed = BuildHost(named))
        {
            await resumed.RunAsync();
        }

        var runs = File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var id = runs[0].GetProperty("id").GetString()!;
        var date = runs[0].GetProperty("startedAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var expected = Path.Combine(_state, date, $"shop-{id}.jsonl");
        Assert.Equal(expected, runs[1].GetProperty("output").GetString());
        Assert.Equal(expected, Assert.Single(Directory.GetFiles(Path.Combine(_state, date), "*.jsonl")));
        Assert.Equal(_shop.Catalog.Products.Count, ReadProducts(expected).Count);
    }

    [Fact]
    public async Task Shop_Fresh_DeletesTheStoppedJobsUnpublishedExport()
    {
        using (var stopped = BuildHost(scraper: scraper => scraper.AddPipeline<StopAfterItems>()))
        {
            await stopped.RunAsync();
        }

        var leftover = Assert.Single(Directory.GetFiles(_state, ".shop*"));
        using (var fresh = BuildHost(new() { ["Scraper:Fresh"] = "true", ["Scraper:MaxItems"] = "5" }))
        {
            await fresh.RunAsync();
        }

        Assert.False(File.Exists(leftover));
        Assert.Empty(Directory.GetFiles(_state, ".shop*"));
        Assert.Equal(5, ReadProducts().Count);
        var runs = File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.False(runs[1].GetProperty("resumed").GetBoolean());
        Assert.NotEqual(runs[0].GetProperty("id").GetString(), runs[1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Shop_ResumedJobWhoseRequestsAllFail_FailsWithoutPublishing_AndTheNextRunFinishesIt()
    {
        using (var stopped = BuildHost(scraper: scraper => scraper.AddPipeline<StopAfterItems>()))
        {
            await stopped.RunAsync();
        }

        // The shop goes down: every stored request of the resumed run fails.
        var port = _shop.BaseAddress.Port;
        await _shop.DisposeAsync();
        int failedExit;
        using (var failing = BuildHost())
        {
            var exit = failing.Services.GetRequiredService<ScraperExitStatus>();
            await failing.RunAsync();
            failedExit = exit.ExitCode;
        }

        Assert.Equal(ExitCodes.Failed, failedExit);
        Assert.False(File.Exists(Output));
        var failed = JsonDocument.Parse(File.ReadAllLines(Path.Combine(_state, "runs.jsonl"))[1]).RootElement;
        Assert.Equal("Failed", failed.GetProperty("outcome").GetString());
        Assert.Contains("Every request of this run failed", failed.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Back up: the requests the failed run could not fetch are still in the job, and the next run completes it.
        _shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = Password, CrawlDelaySeconds = 0, Port = port });
        using (var resumed = BuildHost())
        {
            await resumed.RunAsync();
        }

        var products = ReadProducts();
        Assert.Equal(_shop.Catalog.Products.Count, products.Count);
        Assert.Equal(products.Count, products.Select(product => product.Sku).Distinct().Count());
    }

    [Fact]
    public async Task Shop_KilledRunWithATornLine_IsResumedFromItsJobsExport_NotMovedAside()
    {
        using (var stopped = BuildHost(scraper: scraper => scraper.AddPipeline<StopAfterItems>()))
        {
            await stopped.RunAsync();
        }

        // Make it look killed: the run's record still says running (as a kill leaves it), and its export ends in half a line.
        var history = new RunHistory(Options.Create(new ScraperHostOptions { StateDirectory = _state }));
        var stoppedRun = JsonDocument.Parse(File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Single()).RootElement;
        var temporary = stoppedRun.GetProperty("partial").GetString()!;
        File.Delete(Path.Combine(_state, "runs.jsonl"));
        var started = stoppedRun.GetProperty("startedAt").GetDateTimeOffset();
        await history.SaveRunningAsync(new RunRecord("shop", started, started, RunRecord.Running, null, 0, 0, 0, 0, Output, stoppedRun.GetProperty("id").GetString(), temporary));
        await File.AppendAllTextAsync(temporary, "{\"url\":\"http://torn");

        using (var resumed = BuildHost())
        {
            await resumed.RunAsync();
        }

        var runs = File.ReadAllLines(Path.Combine(_state, "runs.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["Crashed", "Completed"], runs.Select(run => run.GetProperty("outcome").GetString()));
        var products = ReadProducts();
        Assert.Equal(_shop.Catalog.Products.Count, products.Count);
        Assert.Equal(products.Count, products.Select(product => product.Sku).Distinct().Count());
        Assert.Empty(Directory.GetFiles(_state, "*.partial.jsonl"));
    }

    [Theory]
    [InlineData("nightly", "Sqlite", "jobs/nightly/shop.db")]
    [InlineData(null, "Memory", null)]
    public async Task Shop_JobNameAndStore_DecideWhereTheCrawlIsKept(string? job, string store, string? expected)
    {
        var parsed = ScraperCommandLine.Parse(job is null ? ["--fresh"] : ["--job", job, "--fresh"]);
        var fromCommandLine = new ConfigurationBuilder().AddCommandLine(parsed.Args).Build();
        Assert.Equal(job, fromCommandLine["Scraper:Job"]);
        Assert.Equal("true", fromCommandLine["Scraper:Fresh"]);

        using (var host = BuildHost(new() { ["Scraper:Job"] = job, ["Scraper:Store"] = store, ["Scraper:Fresh"] = "true", ["Scraper:MaxPages"] = "5" }))
        {
            await host.RunAsync();
        }

        Assert.Equal(expected is not null, Directory.Exists(Path.Combine(_state, "jobs")));
        if (expected is not null)
        {
            Assert.True(File.Exists(Path.Combine(_state, expected)));
        }
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
