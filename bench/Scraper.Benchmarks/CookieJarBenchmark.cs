using BenchmarkDotNet.Attributes;
using Scraper.Http.Cookies;

namespace Scraper.Benchmarks;

/// <summary>The cookie header of one request, from a jar holding a realistic mix (40 cookies over 4 sites).</summary>
[MemoryDiagnoser]
public class CookieJarBenchmark
{
    private readonly CookieJar _jar = new();
    private readonly Uri _request = new("https://www.shop.test/catalog/books/page/3");

    [GlobalSetup]
    public void Setup()
    {
        foreach (var site in new[] { "https://www.shop.test/", "https://cdn.shop.test/", "https://other.test/", "https://tracker.test/" })
        {
            _jar.SetCookies(new Uri(site), [.. Enumerable.Range(0, 10).Select(i => $"c{i}=value{i}; Path=/{(i % 3 == 0 ? "catalog" : string.Empty)}{(i % 2 == 0 ? "; Domain=" + new Uri(site).Host.Split('.', 2)[^1] : string.Empty)}")]);
        }
    }

    [Benchmark]
    public int CookieHeaderForARequest() => _jar.GetCookieHeader(_request)?.Length ?? 0;
}
