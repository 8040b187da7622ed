using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Scraper.Crawling;
using Scraper.Items;

namespace Scraper.Testing;

/// <summary>
/// Runs a spider to the end, in memory, for a test: against a mock server (WireMock.Net, a Kestrel site: just
/// use its URLs) or against <see cref="CannedResponses"/>; collects its items and the requests it sent.
/// </summary>
/// <example>
/// <code>
/// var site = new CannedResponses().Html("https://shop.test/", "&lt;h1&gt;Hi&lt;/h1&gt;");
/// var result = await SpiderTest.RunAsync(new MySpider(), site);
/// Assert.Equal("Hi", result.ItemsOf&lt;Title&gt;().Single().Text);
/// </code>
/// </example>
public static class SpiderTest
{
    /// <summary>Runs a spider.</summary>
    /// <param name="spider">The spider.</param>
    /// <param name="handler">Canned answers for every session; real HTTP when null.</param>
    /// <param name="configure">Changes to the crawl options; tests get tiny retry delays, no jitter and no progress lines by default.</param>
    /// <param name="pipelines">Pipelines to run the items through.</param>
    /// <param name="time">The clock for delays, pauses and timeouts (a fake one to test politeness); the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the crawl; the items yielded so far are still returned.</param>
    /// <returns>What the spider did.</returns>
    public static async Task<SpiderTestResult> RunAsync(
        Spider spider,
        HttpMessageHandler? handler = null,
        Action<CrawlOptions>? configure = null,
        IEnumerable<IItemPipeline>? pipelines = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spider);
        var options = new CrawlOptions { RandomizeDelay = false, StatsInterval = TimeSpan.FromHours(1) };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        var requests = new ConcurrentQueue<Uri>();
        options.Session.RequestHooks.Add(hook =>
        {
            requests.Enqueue(hook.Request.RequestUri!);
            return ValueTask.CompletedTask;
        });
        configure?.Invoke(options);

        var items = new CollectingExporter();
        var services = new CrawlerServices
        {
            Exporters = { items },
            Pipelines = [.. pipelines ?? []],
            TimeProvider = time ?? TimeProvider.System,
            // A test's crawl is quiet: the default console log would only fill the test runner's output.
            LoggerFactory = NullLoggerFactory.Instance,
            // The session disposes its handler: hand each session a wrapper, so one table serves them all.
            HandlerFactory = handler is null ? null : _ => new SharedHandler(handler),
        };
        var result = await new Crawler(spider, options, services).RunAsync(cancellationToken).ConfigureAwait(false);
        return new SpiderTestResult(result.Outcome, items.Items, [.. requests], result.Stats, result.Error);
    }

    private sealed class CollectingExporter : IItemExporter
    {
        private readonly List<object> _items = [];

        public IReadOnlyList<object> Items => _items;

        public ValueTask OpenAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask ExportAsync(object item, CancellationToken cancellationToken = default)
        {
            _items.Add(item);
            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Forwards to the test's handler without owning it: sessions dispose their handler, the test owns this one.</summary>
    private sealed class SharedHandler(HttpMessageHandler inner) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _invoker.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
