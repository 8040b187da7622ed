using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Scraper.Crawling;
using Scraper.Http;
using Scraper.Items;
using Response = Scraper.Crawling.Response;

namespace Scraper.Tests.Hostile;

/// <summary>The item every parsed page yields: its final URL and its first heading.</summary>
internal sealed record PageItem(string Url, string Title);

/// <summary>
/// Crawls a <see cref="HostileSite"/> the way a user would (follow every link, one item per page) with settings
/// that keep a hostile case fast: no delays, tiny backoff, an 8 MiB body limit, and a one-second timeout for the
/// slow faults only (they go through their own session, so a busy test machine cannot time out a good page).
/// Every run is bounded: a crawl that stalls is cancelled and its test fails on the outcome.
/// </summary>
internal static class HostileCrawl
{
    public const long MaxResponseSize = 8 * 1024 * 1024;

    public static readonly TimeSpan SlowTimeout = TimeSpan.FromSeconds(1);

    public static async Task<HostileRun> RunAsync(
        HostileSite site,
        Action<CrawlOptions>? configure = null,
        LogLevel logLevel = LogLevel.Debug,
        TimeSpan? bound = null)
    {
        var options = new CrawlOptions
        {
            Retry = { BaseDelay = TimeSpan.FromMilliseconds(1) },
            RandomizeDelay = false,
            DownloadDelay = TimeSpan.Zero,
            ObeyRobotsTxt = false,
            StatsInterval = TimeSpan.FromHours(1),
        };
        options.Session.MaxResponseSize = MaxResponseSize;
        configure?.Invoke(options);

        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(logLevel).AddProvider(new FakeLoggerProvider(logs)));
        using var output = new MemoryStream();
        using var stop = new CancellationTokenSource(bound ?? TimeSpan.FromSeconds(20));
        CrawlResult result;
        await using (var exporter = new JsonLinesExporter(output))
        {
            var services = new CrawlerServices { Exporters = { exporter }, LoggerFactory = loggerFactory, ShutdownTimeout = TimeSpan.FromSeconds(5) };
            result = await new Crawler(new HostileSpider(site.Index), options, services).RunAsync(stop.Token);
        }

        var items = Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<PageItem>(line, JsonSerializerOptions.Web)!)
            .ToList();
        return new HostileRun(site, result, items, logs.GetSnapshot());
    }

    /// <summary>Follows every link and yields one item per page; links under <c>/slow/</c> go to the impatient session.</summary>
    private sealed class HostileSpider(Uri start) : Spider
    {
        private const string Impatient = "impatient";

        public override IEnumerable<string> StartUrls => [start.AbsoluteUri];

        public override void ConfigureSessions(SpiderSessions sessions) => sessions.Add(Impatient, session => session.Timeout = SlowTimeout);

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new PageItem(response.Url.AbsoluteUri, response.SelectText("h1") ?? "");
            foreach (var link in response.FollowAll("a"))
            {
                yield return link.Url.AbsolutePath.StartsWith("/slow/", StringComparison.Ordinal) ? link with { Session = Impatient } : link;
            }

            await Task.CompletedTask;
        }
    }
}

/// <summary>What one hostile crawl did, with the assertions every case shares.</summary>
internal sealed record HostileRun(HostileSite Site, CrawlResult Result, IReadOnlyList<PageItem> Items, IReadOnlyList<FakeLogRecord> Logs)
{
    public Scraper.Crawling.Stats.CrawlStatsSnapshot Stats => Result.Stats;

    /// <summary>
    /// The crawl completed and exported exactly one item for every good page and for each of <paramref name="alsoFine"/>
    /// (faults that end in a parsed page), and nothing else.
    /// </summary>
    public void AssertCompletedWithEveryGoodItemOnce(params Uri[] alsoFine)
    {
        AssertCompleted();
        var expected = Site.GoodUrls.Concat(alsoFine).Select(url => url.AbsoluteUri).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Items.Select(item => item.Url).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The crawl completed and every good page yielded exactly one item (other items are checked by the test).</summary>
    public void AssertCompletedWithGoodItemsOnce()
    {
        AssertCompleted();
        foreach (var url in Site.GoodUrls)
        {
            Assert.True(Items.Count(item => item.Url == url.AbsoluteUri) == 1, $"{url} was exported {Items.Count(item => item.Url == url.AbsoluteUri)} times");
        }
    }

    public void AssertCompleted() =>
        Assert.True(Result.Outcome == CrawlOutcome.Completed, $"The crawl ended {Result.Outcome}, not Completed:\n{Stats.ToSummary()}");

    /// <summary>The fault was counted once under this error type (by the name the stats use).</summary>
    public void AssertErrorCounted(string type, long count = 1) =>
        Assert.True(Stats.Errors.GetValueOrDefault(type) == count, $"Expected {count} × {type}; the stats say:\n{Stats.ToSummary()}");

    /// <summary>
    /// The fault was counted once under some <see cref="SessionException"/> type, for faults whose exact type is not
    /// settled (a response header over .NET's limit is a transport error today).
    /// </summary>
    public void AssertOneSessionErrorCounted()
    {
        var sessionErrors = typeof(SessionException).Assembly.GetTypes()
            .Where(type => type.IsAssignableTo(typeof(SessionException)))
            .Select(type => type.Name)
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(Stats.ErrorCount == 1 && Stats.Errors.Keys.All(sessionErrors.Contains), $"Expected one session error; the stats say:\n{Stats.ToSummary()}");
    }

    /// <summary>A line at this level or above names the URL.</summary>
    public void AssertLogged(Uri url, LogLevel atLeast = LogLevel.Warning) =>
        Assert.True(
            Logs.Any(record => record.Level >= atLeast && record.Message.Contains(url.AbsoluteUri, StringComparison.Ordinal)),
            $"No {atLeast}+ log line names {url}; the lines were:\n{string.Join('\n', Logs.Where(r => r.Level >= LogLevel.Information).Select(r => $"{r.Level}: {r.Message}"))}");
}
