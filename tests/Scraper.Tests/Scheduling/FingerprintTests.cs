using Scraper.Crawling;
using Scraper.Crawling.Scheduling;
using Scraper.Http;

namespace Scraper.Tests.Scheduling;

public sealed class FingerprintTests
{
    private static RequestFingerprint Of(string url, Func<Request, Request>? change = null) =>
        RequestFingerprint.Compute((change ?? (r => r))(new Request(url)));

    [Theory]
    [InlineData("http://A.test:80/p?b=2&a=1#frag", "http://a.test/p?a=1&b=2")]
    [InlineData("http://a.test/p?q=a%20b", "http://a.test/p?q=a+b")]
    [InlineData("http://a.test/p?x=%7E", "http://a.test/p?x=~")]
    public void Fingerprint_CanonicalUrlsAreTheSameRequest(string one, string other) =>
        Assert.Equal(Of(one), Of(other));

    [Theory]
    [InlineData("http://a.test/p", "https://a.test/p")]
    [InlineData("http://a.test/p", "http://a.test/P")]
    [InlineData("http://a.test/p", "http://a.test/p/")]
    [InlineData("http://a.test/p?a=1", "http://a.test/p?a=2")]
    [InlineData("http://a.test/p?a=1&a=2", "http://a.test/p?a=1")]
    public void Fingerprint_DifferentPagesDiffer(string one, string other) =>
        Assert.NotEqual(Of(one), Of(other));

    [Fact]
    public void Fingerprint_MethodBodyAndSessionCount()
    {
        var get = Of("http://a.test/p");

        Assert.NotEqual(get, Of("http://a.test/p", r => r with { Method = HttpMethod.Post }));
        Assert.NotEqual(
            Of("http://a.test/p", r => r with { Method = HttpMethod.Post, Body = RequestContent.Text("a") }),
            Of("http://a.test/p", r => r with { Method = HttpMethod.Post, Body = RequestContent.Text("b") }));
        Assert.NotEqual(get, Of("http://a.test/p", r => r with { Session = "alice" }));
        Assert.Equal(get, Of("http://a.test/p", r => r with { Session = SpiderSessions.DefaultName }));
        Assert.Equal(get, Of("http://a.test/p", r => r with { Priority = 5, Depth = 3 }));
        Assert.Equal(32, get.ToString().Length);
    }

    [Fact]
    public async Task Frontier_HighestPriorityFirstThenFirstInFirstOut()
    {
        await using var frontier = new MemoryFrontier();
        await frontier.EnqueueAsync(new Request("http://a.test/1"));
        await frontier.EnqueueAsync(new Request("http://a.test/2") { Priority = 10 });
        await frontier.EnqueueAsync(new Request("http://a.test/3"));
        await frontier.EnqueueAsync(new Request("http://a.test/4") { Priority = 10 });

        var order = new List<string>();
        while (await frontier.TryDequeueAsync() is { } lease)
        {
            order.Add(lease.Request.Url.AbsolutePath);
            await frontier.AcknowledgeAsync(lease);
        }

        Assert.Equal(["/2", "/4", "/1", "/3"], order);
        Assert.Equal(0, frontier.Count);
    }
}
