using System.Net;
using Scraper.Crawling;
using Scraper.Crawling.Downloading.HttpCache;
using Scraper.Http;

namespace Scraper.Tests.Crawling.Downloading.HttpCache;

public sealed class DummyPolicyTests
{
    [Fact]
    public async Task InvokeAsync_SecondRequest_IsAnsweredFromTheStoreWithoutCallingNext()
    {
        await using var bed = new CacheBed();
        bed.Site.Body = "<html><body><h1>Widget</h1></body></html>";
        bed.Site.FinalUrl = new Uri("https://shop.test/final");
        bed.Answer(("X-Shop", "one"), ("X-Shop", "two"));

        var first = await bed.GetAsync();
        var second = await bed.GetAsync();

        Assert.Single(bed.Site.Received);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal("Widget", second.SelectText("h1"));
        Assert.Equal(new Uri("https://shop.test/final"), second.Url);
        Assert.Equal(new Uri("https://shop.test/page"), second.Request.Url);
        Assert.Equal(["one", "two"], second.Inner.Headers.GetValues("X-Shop"));
        Assert.Equal("text/html", second.Inner.ContentHeaders.ContentType?.MediaType);
        Assert.Equal((1, 1, 1), (bed.Count(HttpCacheStats.Miss), bed.Count(HttpCacheStats.Store), bed.Count(HttpCacheStats.Hit)));
    }

    [Fact]
    public async Task InvokeAsync_EntryOlderThanExpiration_IsFetchedAndStoredAgain()
    {
        await using var bed = new CacheBed(configure: options => options.Expiration = TimeSpan.FromHours(1));
        await bed.GetAsync();

        bed.Time.Advance(TimeSpan.FromMinutes(59));
        await bed.GetAsync();
        bed.Time.Advance(TimeSpan.FromMinutes(1));
        bed.Site.Body = "new";
        var expired = await bed.GetAsync();

        Assert.Equal(2, bed.Site.Received.Count);
        Assert.Equal("new", expired.Text);
        Assert.Equal((2, 1, 2), (bed.Count(HttpCacheStats.Miss), bed.Count(HttpCacheStats.Hit), bed.Count(HttpCacheStats.Store)));
    }

    [Fact]
    public async Task InvokeAsync_ZeroExpiration_ServesTheEntryForever()
    {
        await using var bed = new CacheBed();
        await bed.GetAsync();

        bed.Time.Advance(TimeSpan.FromDays(3650));
        await bed.GetAsync();

        Assert.Single(bed.Site.Received);
        Assert.Equal(1, bed.Count(HttpCacheStats.Hit));
    }

    [Fact]
    public async Task InvokeAsync_NoStoreAndVary_AreIgnoredByTheDummyPolicy()
    {
        await using var bed = new CacheBed();
        bed.Answer(("Cache-Control", "no-store, max-age=0"), ("Vary", "Accept-Language"));
        await bed.GetAsync();

        var other = await bed.SendAsync(new Request("https://shop.test/page") { Headers = new Dictionary<string, string?> { ["Accept-Language"] = "fr" } });

        Assert.Single(bed.Site.Received);
        Assert.Equal(1, bed.Count(HttpCacheStats.Hit));
        Assert.Equal("no-store, max-age=0", other.Header("Cache-Control"));
    }

    [Fact]
    public async Task InvokeAsync_PostRequests_AreCachedByBodyUnderTheDummyPolicy()
    {
        await using var bed = new CacheBed();
        Request Post(string query) => new("https://shop.test/search") { Method = HttpMethod.Post, Body = RequestContent.Text(query) };

        await bed.SendAsync(Post("q=a"));
        await bed.SendAsync(Post("q=b"));
        await bed.SendAsync(Post("q=a"));

        Assert.Equal(2, bed.Site.Received.Count);
        Assert.Equal(1, bed.Count(HttpCacheStats.Hit));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(599)]
    public async Task InvokeAsync_ServerError_IsNotStoredByDefault(int status)
    {
        await using var bed = new CacheBed();
        bed.Site.Status = (HttpStatusCode)status;

        await bed.GetAsync();
        bed.Site.Status = HttpStatusCode.OK;
        var retried = await bed.GetAsync();

        Assert.Equal(2, bed.Site.Received.Count);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(1, bed.Count(HttpCacheStats.Uncacheable));
    }

    [Fact]
    public async Task InvokeAsync_StoreServerErrors_StoresAndReplaysA503()
    {
        await using var bed = new CacheBed(configure: options => options.StoreServerErrors = true);
        bed.Site.Status = HttpStatusCode.ServiceUnavailable;

        await bed.GetAsync();
        var replayed = await bed.GetAsync();

        Assert.Single(bed.Site.Received);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, replayed.Status);
    }

    [Fact]
    public async Task InvokeAsync_IgnoredStatus_IsNotStored()
    {
        await using var bed = new CacheBed(configure: options => options.IgnoreStatusCodes.Add(404));
        bed.Site.Status = HttpStatusCode.NotFound;

        await bed.GetAsync();
        await bed.GetAsync();

        Assert.Equal(2, bed.Site.Received.Count);
        Assert.Equal(0, bed.Count(HttpCacheStats.Store));
        Assert.Equal(2, bed.Count(HttpCacheStats.Uncacheable));
    }

    [Fact]
    public async Task InvokeAsync_SetCookieAndFraming_AreNotStored()
    {
        await using var bed = new CacheBed();
        bed.Answer(("Set-Cookie", "sid=secret-value; Path=/"), ("Content-Language", "en"));

        await bed.GetAsync();
        var replayed = await bed.GetAsync();

        Assert.Null(replayed.Header("Set-Cookie"));
        Assert.Equal("en", replayed.Header("Content-Language"));
        var files = Directory.GetFiles(bed.Folder, "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(files, file => File.ReadAllText(file).Contains("secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_TwoSpiders_KeepEntriesApart()
    {
        await using var bed = new CacheBed();
        await bed.GetAsync();

        var entry = await bed.Store.LoadAsync("other", Scraper.Crawling.Scheduling.RequestFingerprint.Compute(new Request("https://shop.test/page")));

        Assert.Null(entry);
        Assert.True(Directory.Exists(Path.Combine(bed.Folder, "cached")));
    }
}
