using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Downloading.HttpCache;
using Scraper.Crawling.Stats;
using Scraper.Http;

namespace Scraper.Tests.Crawling.Downloading.HttpCache;

/// <summary>One test's cache: a folder of its own, a fake clock, a session, the crawl's stats and a canned site behind the middleware.</summary>
internal sealed class CacheBed : IAsyncDisposable
{
    private readonly Session _session = new();

    public CacheBed(HttpCachePolicy policy = HttpCachePolicy.Dummy, Action<HttpCacheOptions>? configure = null)
    {
        Options = new HttpCacheOptions { Enabled = true, Directory = Folder, Policy = policy };
        configure?.Invoke(Options);
        Store = new FileSystemHttpCacheStore(Folder);
        Middleware = new HttpCacheMiddleware(Options, Store);
        Stats = new CrawlStats(Spider.Name, Time);
        Context = DownloadContexts.Create(Spider, _session, Stats, Time);
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("scraper-httpcache-").FullName;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public CannedSite Site { get; } = new();

    public HttpCacheOptions Options { get; }

    public FileSystemHttpCacheStore Store { get; }

    public HttpCacheMiddleware Middleware { get; }

    public CacheSpider Spider { get; } = new();

    public CrawlStats Stats { get; }

    public DownloadContext Context { get; }

    public Session Session => _session;

    public ValueTask<Response> GetAsync(string url = "https://shop.test/page") => SendAsync(new Request(url));

    public ValueTask<Response> SendAsync(Request request) => Middleware.InvokeAsync(request, Context, Site.Next, CancellationToken.None);

    public long Count(string key) => Stats.Snapshot().Events.GetValueOrDefault(key);

    /// <summary>Sets the canned answer's headers, with a Date of now (as a server sends it) and an HTML type.</summary>
    public void Answer(params (string Name, string Value)[] headers) =>
        Site.Headers = [new("Content-Type", "text/html; charset=utf-8"), new("Date", HttpDateOf(Time.GetUtcNow())), .. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))];

    public static string HttpDateOf(DateTimeOffset date) => date.ToString("r", System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    internal sealed class CacheSpider : Spider
    {
        public override string Name => "cached";
    }
}
