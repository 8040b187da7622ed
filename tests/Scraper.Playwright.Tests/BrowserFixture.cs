using Scraper.Crawling;
using Scraper.Tests.TestSites;

namespace Scraper.Playwright.Tests;

/// <summary>One browser and one test site for a whole test class: launching Chromium takes about a second.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private KestrelSite? _site;

    public PlaywrightDownloadHandler Handler { get; } = new(new PlaywrightOptions { DefaultTimeout = TimeSpan.FromSeconds(10) });

    public Uri At(string path) => _site!.At(path);

    public async Task InitializeAsync() => _site = await JsSite.StartAsync();

    /// <summary>Crawls the requests (and what their callbacks yield) with the shared browser; plain requests go over HTTP.</summary>
    public Task<CrawlResult> CrawlAsync(params Request[] requests) => CrawlAsync(Options(), requests);

    public Task<CrawlResult> CrawlAsync(CrawlOptions options, params Request[] requests) => CrawlAsync(new RequestsSpider(requests), options);

    public Task<CrawlResult> CrawlAsync(Spider spider, CrawlOptions? options = null) =>
        new Crawler(spider, options ?? Options(), new CrawlerServices { DownloadHandlers = { Handler } }).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

    public static CrawlOptions Options() => new() { Retry = { BaseDelay = TimeSpan.FromMilliseconds(1) }, RandomizeDelay = false, ObeyRobotsTxt = false };

    public async Task DisposeAsync()
    {
        await Handler.DisposeAsync();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }

    internal sealed class RequestsSpider(IReadOnlyList<Request> requests, IReadOnlyList<string>? allowedDomains = null) : Spider
    {
        public override IEnumerable<string> AllowedDomains => allowedDomains ?? [];

        public override async IAsyncEnumerable<Request> StartRequestsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var request in requests)
            {
                await Task.Yield();
                yield return request;
            }
        }
    }
}
