using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using AngleSharp.Html.Parser;

namespace Scraper.CrawlBench;

/// <summary>
/// The baseline the benchmark compares the framework with: a crawler written by hand in a few dozen lines, the way
/// one would without a framework. One HttpClient, AngleSharp, a channel of URLs, a concurrent set of seen URLs,
/// the same selectors and output as <see cref="BenchSpider"/>; no robots.txt, politeness, retries, sessions,
/// pipelines, stats or crash safety.
/// </summary>
internal static class NaiveCrawler
{
    public static async Task<(long Pages, long Items)> RunAsync(Uri site, string output, int concurrency, CancellationToken cancellationToken = default)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false });
        var parser = new HtmlParser();
        var queue = Channel.CreateUnbounded<Uri>();
        var seen = new ConcurrentDictionary<string, byte>();
        using var writer = new StreamWriter(output);
        var pending = 1;
        long pages = 0, items = 0;
        var root = new Uri(site, "/");
        seen.TryAdd(root.AbsoluteUri, 0);
        queue.Writer.TryWrite(root);

        async Task WorkAsync()
        {
            await foreach (var url in queue.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    var document = parser.ParseDocument(await client.GetStringAsync(url, cancellationToken));
                    Interlocked.Increment(ref pages);
                    if (url.AbsolutePath.Contains("/product/", StringComparison.Ordinal))
                    {
                        var item = new BenchItem(url.AbsoluteUri, document.QuerySelector("h1.product-name")?.TextContent.Trim(), document.QuerySelector("div.offer span.price")?.TextContent.Trim());
                        var line = JsonSerializer.Serialize(item, BenchJson.Default.BenchItem);
                        lock (writer)
                        {
                            writer.WriteLine(line);
                            items++;
                        }
                    }

                    foreach (var link in document.QuerySelectorAll("a[href]"))
                    {
                        if (Uri.TryCreate(url, link.GetAttribute("href"), out var next) && next.Scheme is "http" or "https" && next.Host == url.Host
                            && next.GetLeftPart(UriPartial.Query) is var key && seen.TryAdd(key, 0))
                        {
                            Interlocked.Increment(ref pending);
                            queue.Writer.TryWrite(new Uri(key));
                        }
                    }
                }
                finally
                {
                    if (Interlocked.Decrement(ref pending) == 0)
                    {
                        queue.Writer.TryComplete();
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkAsync, cancellationToken)));
        return (pages, items);
    }
}
