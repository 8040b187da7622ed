using BenchmarkDotNet.Attributes;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;
using Scraper.Http;
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

    /// <summary>What the engine does per page: Response.FollowAll (simple links resolved without a Uri) and a fingerprint per link.</summary>
    [Benchmark]
    public int ParseFollowAndFingerprintLinks()
    {
        using var message = new HttpResponseMessage { Content = new ByteArrayContent(_page) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "text/html; charset=utf-8");
        var request = new Request(SamplePages.ProductUrl);
        var inner = new SessionResponse(new SessionRequest(HttpMethod.Get, SamplePages.ProductUrl), message, SamplePages.ProductUrl, _page, [],
            TimeSpan.Zero, _parser, System.Text.Json.JsonSerializerOptions.Default);
        var response = new Response(request, inner);
        var total = 0;
        foreach (var link in response.FollowAll("a[href]"))
        {
            total += (int)RequestFingerprint.Compute(link).Low;
        }

        return total;
    }
}
