using System.Net;
using BenchmarkDotNet.Attributes;
using Scraper.Http;

namespace Scraper.Benchmarks;

/// <summary>
/// The cost of the Session over a bare <see cref="HttpClient"/>: the same GET of a 15 KB page on the same loopback
/// server, in the same run. The session sends its default headers and a cookie from its jar, and does everything
/// it does on every request (header merge, cookie header, retry pipeline, redirect check, bounded body read).
/// </summary>
[MemoryDiagnoser]
public class SessionGetBenchmark
{
    private LoopbackSite _site = null!;
    private HttpClient _client = null!;
    private Session _session = null!;
    private string _url = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _site = await LoopbackSite.StartAsync(LoopbackSite.ProductPage());
        _url = new Uri(_site.Address, "/page").AbsoluteUri;
        _client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, UseCookies = false });
        _session = new Session(new SessionOptions());
        _session.Cookies.Set("sid", "0123456789abcdef", _site.Address.Host);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _session.DisposeAsync();
        await _site.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> HttpClientGet()
    {
        using var response = await _client.GetAsync(_url);
        var body = await response.Content.ReadAsByteArrayAsync();
        return body.Length;
    }

    [Benchmark]
    public async Task<int> SessionGet()
    {
        var response = await _session.GetAsync(_url);
        return response.Body.Length;
    }
}
