namespace Scraper.Tests.Httpbin;

/// <summary>Two Debian httpbin servers on two loopback ports: two origins for cross-origin redirects (A3, A4).</summary>
public sealed class HttpbinPair : IAsyncLifetime
{
    public HttpbinServer First { get; } = new();

    public HttpbinServer Second { get; } = new();

    public Task InitializeAsync() => Task.WhenAll(First.InitializeAsync(), Second.InitializeAsync());

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}
