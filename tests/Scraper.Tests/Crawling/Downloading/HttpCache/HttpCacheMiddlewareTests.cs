using Scraper.Crawling;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Downloading.HttpCache;

namespace Scraper.Tests.Crawling.Downloading.HttpCache;

public sealed class HttpCacheMiddlewareTests
{
    [Fact]
    public async Task InvokeAsync_DamagedEntry_IsFetchedAgainAndRewritten()
    {
        await using var bed = new CacheBed();
        await bed.GetAsync();
        var meta = Directory.GetFiles(bed.Folder, "meta.json", SearchOption.AllDirectories).Single();
        File.WriteAllText(meta, "garbage");

        var refetched = await bed.GetAsync();
        var hit = await bed.GetAsync();

        Assert.Equal(2, bed.Site.Received.Count);
        Assert.Equal(bed.Site.Body, hit.Text);
        Assert.Equal((2, 2, 1), (bed.Count(HttpCacheStats.Miss), bed.Count(HttpCacheStats.Store), bed.Count(HttpCacheStats.Hit)));
        Assert.Equal(refetched.Text, hit.Text);
    }

    [Fact]
    public async Task InvokeAsync_StoreThatCannotWrite_LetsTheCrawlGoOn()
    {
        await using var bed = new CacheBed();
        var blocked = Path.Combine(bed.Folder, "blocked");
        File.WriteAllText(blocked, "a file where the store wants a folder");
        var middleware = new HttpCacheMiddleware(new HttpCacheOptions { Directory = blocked });

        var response = await middleware.InvokeAsync(new Request("https://shop.test/page"), bed.Context, bed.Site.Next, CancellationToken.None);

        Assert.Equal(bed.Site.Body, response.Text);
        Assert.Equal(0, bed.Count(HttpCacheStats.Store));
    }

    [Fact]
    public void Order_IsBelowRedirectsAndAboveRobotsAndPoliteness()
    {
        var middleware = new HttpCacheMiddleware(new HttpCacheOptions { Directory = Path.GetTempPath() });

        Assert.Equal(DownloadMiddlewareOrder.HttpCache, ((IDownloadMiddleware)middleware).Order);
        Assert.InRange(middleware.Order, DownloadMiddlewareOrder.Redirects + 1, DownloadMiddlewareOrder.Robots - 1);
    }

    [Theory]
    [InlineData("Expiration")]
    [InlineData("IgnoreStatusCodes")]
    [InlineData("Directory")]
    public void Constructor_InvalidOption_FailsNamingTheKey(string key)
    {
        var options = new HttpCacheOptions();
        switch (key)
        {
            case "Expiration": options.Expiration = TimeSpan.FromSeconds(-1); break;
            case "IgnoreStatusCodes": options.IgnoreStatusCodes.Add(42); break;
            default: options.Directory = " "; break;
        }

        var error = Assert.Throws<ArgumentException>(() => new HttpCacheMiddleware(options));

        Assert.Contains($"Scraper:HttpCache:{key}", error.Message, StringComparison.Ordinal);
        Assert.Equal(key, error.ParamName);
    }
}
