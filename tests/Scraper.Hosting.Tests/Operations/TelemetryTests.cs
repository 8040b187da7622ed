using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scraper.Crawling;
using Scraper.Telemetry;
using Scraper.Tests.TestSites;

namespace Scraper.Hosting.Tests.Operations;

public sealed class TelemetryTests
{
    private sealed record PageItem(string Path);

    private sealed class TwoPageSpider(Uri start) : Spider
    {
        public override string Name => "telemetry";

        public override IEnumerable<string> StartUrls => [start.AbsoluteUri + "?token=secret"];

        public override IEnumerable<object> Parse(Response response)
        {
            yield return new PageItem(response.Url.AbsolutePath);
            foreach (var link in response.FollowAll("a"))
            {
                yield return link;
            }
        }
    }

    private static Task<KestrelSite> StartSiteAsync() => KestrelSite.StartAsync(app =>
    {
        app.MapGet("/", () => Results.Content("<html><body><a href='/next'>next</a></body></html>", "text/html"));
        app.MapGet("/next", () => Results.Content("<html><body>end</body></html>", "text/html"));
    });

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(settings);
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddMetrics();
        services.AddScraper(configuration.GetSection(ScraperHostOptions.SectionName));
        return services.BuildServiceProvider();
    }

    private static async Task CrawlAsync(IServiceProvider services, KestrelSite site)
    {
        var result = await new Crawler(
            new TwoPageSpider(site.Address),
            new CrawlOptions { ObeyRobotsTxt = false },
            new CrawlerServices { LoggerFactory = NullLoggerFactory.Instance, Metrics = services.GetRequiredService<ScraperMetrics>() }).RunAsync();
        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal(2, result.Stats.Items);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public void Telemetry_NotConfigured_RegistersNoProviderAndNoListener()
    {
        using var services = Build([]);

        Assert.Null(services.GetService<MeterProvider>());
        Assert.Null(services.GetService<TracerProvider>());
        ScraperHost.ValidateConfiguration(services);
    }

    [Theory]
    [InlineData("PrometheusUrl", "https://127.0.0.1:9464/metrics")]
    [InlineData("PrometheusUrl", "http://127.0.0.1:9464")]
    [InlineData("OtlpEndpoint", "collector:4318")]
    public void Telemetry_BadAddress_FailsAtStartNamingTheKey(string key, string value)
    {
        using var services = Build(new() { [$"Scraper:Telemetry:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => ScraperHost.ValidateConfiguration(services));

        Assert.Contains($"Scraper:Telemetry:{key}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telemetry_PrometheusUrl_ServesTheCrawlsMetrics()
    {
        await using var site = await StartSiteAsync();
        var url = $"http://127.0.0.1:{FreePort()}/metrics";
        await using var services = Build(new() { ["Scraper:Telemetry:PrometheusUrl"] = url });
        ScraperHost.ValidateConfiguration(services);
        Assert.NotNull(services.GetService<MeterProvider>());

        await CrawlAsync(services, site);
        using var client = new HttpClient();
        var text = await client.GetStringAsync(url);

        Assert.Contains("scraper_requests_total{", text, StringComparison.Ordinal);
        Assert.Contains("scraper_spider=\"telemetry\"", text, StringComparison.Ordinal);
        Assert.Contains("scraper_items_total{", text, StringComparison.Ordinal);
        Assert.Contains("scraper_download_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telemetry_OtlpEndpoint_ExportsTracesAndMetricsOverHttpProtobuf()
    {
        var received = new ConcurrentQueue<(string Path, string? Type, byte[] Body)>();
        await using var collector = await KestrelSite.StartAsync(app => app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            var content = context.Request.Headers.ContentEncoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
            await content.CopyToAsync(body);
            received.Enqueue((context.Request.Path, context.Request.ContentType, body.ToArray()));
            return Results.Ok();
        }));
        await using var site = await StartSiteAsync();
        var services = Build(new() { ["Scraper:Telemetry:OtlpEndpoint"] = collector.Address.AbsoluteUri, ["Scraper:Telemetry:ServiceName"] = "shop-worker" });
        await using (services)
        {
            ScraperHost.ValidateConfiguration(services);
            Assert.NotNull(services.GetService<TracerProvider>());
            Assert.NotNull(services.GetService<MeterProvider>());
            await CrawlAsync(services, site);
        }

        // Disposing the providers flushed them.
        // Other tests of this process crawl too, and their spans may come in batches of their own: all are read.
        var traces = received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, r => Assert.Equal("application/x-protobuf", r.Type));
        var traceText = Encoding.UTF8.GetString([.. traces.SelectMany(r => r.Body)]);
        Assert.Contains("scraper.request", traceText, StringComparison.Ordinal);
        Assert.Contains("scraper.download", traceText, StringComparison.Ordinal);
        Assert.Contains("shop-worker", traceText, StringComparison.Ordinal);
        Assert.Contains("token=***", traceText, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", traceText, StringComparison.Ordinal);
        var metrics = Encoding.UTF8.GetString([.. received.Where(r => r.Path == "/v1/metrics").SelectMany(r => r.Body)]);
        Assert.Contains("scraper.requests", metrics, StringComparison.Ordinal);
    }
}
