using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scraper.Crawling;
using Scraper.Hosting.Operations;
using Scraper.Hosting.Status;
using Scraper.Redis.Tests;
using Scraper.Tests.TestSites;

namespace Scraper.Hosting.Tests;

/// <summary>
/// The status page of a worker on a shared crawl in a real redis-server: a row per worker of the crawl, read from
/// Redis, not only this process's; a worker of another spider build, refused at start, is a Failed row with the reason.
/// </summary>
public sealed class StatusWorkersTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Token = "status-workers-token-0123456789";
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-status-workers-").FullName;
    private readonly string _crawl = "status" + Guid.NewGuid().ToString("N")[..8];
    private KestrelSite _site = null!;

    private sealed record SiteAddress(Uri Start);

    private sealed record PageItem(string Page);

    public async Task InitializeAsync() =>
        // Each page takes a little while, so the run is still going (holding leases) while the page is read.
        _site = await KestrelSite.StartAsync(app => app.MapGet("/p/{n:int}", async (int n, CancellationToken cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            return Results.Content($"<html><body><a href='/p/{n + 1}'>next</a> <a href='/p/{n + 2}'>skip</a></body></html>", "text/html");
        }));

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task StatusPage_WorkerOnASharedCrawl_ShowsEveryWorkersRowFromRedis_AndARefusedWorkerAsFailedWithItsReason()
    {
        using var live = Build<EndlessSpider>("alpha", "Schedule", statusPage: true);
        await live.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = live.Services.GetRequiredService<StatusServer>().Address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var events = new StreamReader(await client.GetStreamAsync("events"));
            await NextAsync(events, status => status.GetProperty("spiders").GetArrayLength() == 1);
            Assert.True(live.Services.GetRequiredService<SpiderRuns>().RunNow("endless"));

            // This worker's row, as Redis has it: running, pages done, leases held, a heartbeat.
            var running = await NextAsync(events, status => Worker(status, "alpha") is { } row && row.GetProperty("state").GetString() == "Running" && row.GetProperty("pages").GetInt64() > 0);
            var alpha = Worker(running, "alpha")!.Value;
            Assert.Equal(_crawl, running.GetProperty("crawl").GetProperty("name").GetString());
            Assert.Equal("alpha", running.GetProperty("crawl").GetProperty("worker").GetString());
            Assert.NotEqual(JsonValueKind.Null, alpha.GetProperty("lastHeartbeat").ValueKind);
            Assert.True(alpha.GetProperty("leases").GetInt64() >= 0);

            // Another process of another build joins the crawl and is refused at start.
            using (var other = Build<OtherBuildSpider>("beta", "Once", statusPage: false))
            {
                await other.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }

            var refused = await NextAsync(events, status => Worker(status, "beta")?.GetProperty("state").GetString() == "Failed");
            var beta = Worker(refused, "beta")!.Value;
            Assert.Contains("Run the same spider build on every worker", beta.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Contains(nameof(OtherBuildSpider), beta.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal("Running", Worker(refused, "alpha")?.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Null, Worker(refused, "alpha")!.Value.GetProperty("reason").ValueKind);

            // The page itself has the workers' table the snapshot fills in.
            var page = await client.GetStringAsync("/");
            Assert.Contains("id=\"workers\"", page, StringComparison.Ordinal);
        }
        finally
        {
            await live.StopAsync();
        }
    }

    private static JsonElement? Worker(JsonElement status, string name) =>
        status.GetProperty("crawl") is { ValueKind: JsonValueKind.Object } crawl
            ? crawl.GetProperty("workers").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(row => row!.Value.GetProperty("name").GetString() == name)
            : null;

    /// <summary>Reads the snapshots the page is pushed (every refresh) until one satisfies <paramref name="condition"/>.</summary>
    private static async Task<JsonElement> NextAsync(StreamReader events, Func<JsonElement, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await events.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonDocument.Parse(line["data: ".Length..]).RootElement is var status && condition(status))
            {
                return status;
            }
        }

        throw new InvalidOperationException("The page's event stream ended.");
    }

    private IHost Build<TSpider>(string worker, string mode, bool statusPage)
        where TSpider : Spider
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _state, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scraper:Mode"] = mode,
            ["Scraper:Schedule"] = mode == "Schedule" ? "0 0 1 1 *" : null,
            ["Scraper:StateDirectory"] = Path.Combine(_state, worker),
            ["Scraper:Output"] = Path.Combine(_state, worker, "{spider}.jsonl"),
            ["Scraper:Redis"] = redis.Configuration,
            ["Scraper:Crawl"] = _crawl,
            ["Scraper:Worker"] = worker,
            ["Scraper:ObeyRobotsTxt"] = "false",
            ["Scraper:ConcurrentRequests"] = "2",
            ["Scraper:StatsInterval"] = "00:00:00.200",
            ["Scraper:Status:Url"] = statusPage ? "http://127.0.0.1:0/" : null,
            ["Scraper:Status:Token"] = Token,
            ["Scraper:Status:RefreshInterval"] = "00:00:00.200",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new SiteAddress(_site.Address));
        builder.Services.AddScraper(builder.Configuration.GetSection(ScraperHostOptions.SectionName)).AddSpider<TSpider>().AddStatusPage();
        return builder.Build();
    }

    /// <summary>Follows page n to n+1 and n+2 for ever: a run goes on until it is stopped.</summary>
    private sealed class EndlessSpider(SiteAddress site) : Spider
    {
        public override string Name => "endless";

        public override IEnumerable<string> StartUrls => [new Uri(site.Start, "/p/1").AbsoluteUri];

        public override IEnumerable<object> Parse(Response response) => [new PageItem(response.Url.AbsolutePath), .. response.FollowAll("a")];
    }

    /// <summary>The same spider's name from another build (another type): the crawl refuses it.</summary>
    private sealed class OtherBuildSpider(SiteAddress site) : Spider
    {
        public override string Name => "endless";

        public override IEnumerable<string> StartUrls => [new Uri(site.Start, "/p/1").AbsoluteUri];

        public override IEnumerable<object> Parse(Response response) => [];
    }
}
