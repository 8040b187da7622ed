using BenchmarkDotNet.Attributes;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;
using Scraper.Parsing;

namespace Scraper.Benchmarks;

/// <summary>The per-page work of a crawl, apart from HTTP: decode and parse, extract an item, find and canonicalize links.</summary>
[MemoryDiagnoser]
public class PageBenchmarks
{
    private readonly HtmlDocumentParser _parser = new();
    private byte[] _page = null!;

    [GlobalSetup]
    public void Setup() => _page = SamplePages.Product();

    [Benchmark(Baseline = true)]
    public int DecodeParseAndExtractItem()
    {
        var document = _parser.Parse(_page, SamplePages.ProductUrl, "text/html; charset=utf-8");
        return (document.SelectText("h1.product-name")?.Length ?? 0) + (document.SelectText("div.offer span.price")?.Length ?? 0);
    }

    [Benchmark]
    public int ParseAndCanonicalizeLinks()
    {
        var document = _parser.Parse(_page, SamplePages.ProductUrl, "text/html; charset=utf-8");
        var baseUrl = new Uri(document.BaseUri);
        var total = 0;
        foreach (var href in document.SelectAttributes("a[href]", "href"))
        {
            if (Uri.TryCreate(baseUrl, href, out var url) && url.Scheme is "http" or "https")
            {
                total += CanonicalUrl.Of(url).Length;
            }
        }

        return total;
    }
}
