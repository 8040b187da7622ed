using System.Net;
using Scraper.Crawling;
using Scraper.Crawling.Downloading.HttpCache;
using Scraper.Http;

namespace Scraper.Tests.Crawling.Downloading.HttpCache;

public sealed class Rfc9111PolicyTests
{
    private static CacheBed Rfc() => new(HttpCachePolicy.Rfc9111);

    [Fact]
    public async Task InvokeAsync_MaxAge_ServesWhileFreshAndRevalidatesOnceStale()
    {
        await using var bed = Rfc();
        bed.Answer(("Cache-Control", "max-age=60"), ("ETag", "\"v1\""));
        await bed.GetAsync();

        bed.Time.Advance(TimeSpan.FromSeconds(59));
        await bed.GetAsync();
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        await bed.GetAsync();

        Assert.Equal(2, bed.Site.Received.Count);
        Assert.Equal("\"v1\"", bed.Site.SentHeader(1, "If-None-Match"));
        Assert.Equal(1, bed.Count(HttpCacheStats.Hit));
    }

    [Fact]
    public async Task InvokeAsync_AgeHeader_CountsTowardsFreshness()
    {
        await using var bed = Rfc();
        bed.Answer(("Cache-Control", "max-age=60"), ("Age", "50"));
        await bed.GetAsync();

        bed.Time.Advance(TimeSpan.FromSeconds(10));
        await bed.GetAsync();

        Assert.Equal(2, bed.Site.Received.Count);
    }

    [Fact]
    public async Task InvokeAsync_Expires_IsFreshUntilThenAndAnInvalidExpiresIsStale()
    {
        await using var bed = Rfc();
        bed.Answer(("Expires", CacheBed.HttpDateOf(bed.Time.GetUtcNow().AddMinutes(10))));
        await bed.GetAsync();
        bed.Time.Advance(TimeSpan.FromMinutes(9));
        await bed.GetAsync();
        Assert.Single(bed.Site.Received);

        bed.Answer(("Expires", "0"));
        await bed.GetAsync("https://shop.test/other");
        await bed.GetAsync("https://shop.test/other");

        Assert.Equal(3, bed.Site.Received.Count);
    }

    [Fact]
    public async Task InvokeAsync_LastModifiedOnly_IsFreshForATenthOfItsAge()
    {
        await using var bed = Rfc();
        bed.Answer(("Last-Modified", CacheBed.HttpDateOf(bed.Time.GetUtcNow().AddDays(-10))));
        await bed.GetAsync();

        bed.Time.Advance(TimeSpan.FromHours(23));
        await bed.GetAsync();
        bed.Time.Advance(TimeSpan.FromHours(2));
        await bed.GetAsync();

        Assert.Equal(2, bed.Site.Received.Count);
        Assert.NotNull(bed.Site.SentHeader(1, "If-Modified-Since"));
    }

    [Fact]
    public async Task InvokeAsync_NoStore_IsNeverStored()
    {
        await using var bed = Rfc();
        bed.Answer(("Cache-Control", "no-store, max-age=600"));

        await bed.GetAsync();
        await bed.GetAsync();

        Assert.Equal(2, bed.Site.Received.Count);
        Assert.Equal(0, bed.Count(HttpCacheStats.Store));
        Assert.Equal(2, bed.Count(HttpCacheStats.Uncacheable));
        Assert.Empty(Directory.GetFiles(bed.Folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task InvokeAsync_NoFreshnessAndNoValidators_IsNotStored()
    {
        await using var bed = Rfc();
        bed.Answer();

        await bed.GetAsync();

        Assert.Equal(0, bed.Count(HttpCacheStats.Store));
        Assert.Equal(1, bed.Count(HttpCacheStats.Uncacheable));
    }

    [Fact]
    public async Task InvokeAsync_ETagRevalidation_Turns304IntoTheStored200WithMergedHeaders()
    {
        await using var bed = Rfc();
        bed.Site.Body = "<p>stored body</p>";
        bed.Answer(("Cache-Control", "max-age=10"), ("ETag", "\"abc\""), ("X-Version", "1"), ("Content-Language", "en"));
        await bed.GetAsync();
        bed.Time.Advance(TimeSpan.FromSeconds(30));
        bed.Site.Status = HttpStatusCode.NotModified;
        bed.Site.Body = string.Empty;
        bed.Site.Headers = [new("Cache-Control", "max-age=100"), new("X-Version", "2"), new("Date", CacheBed.HttpDateOf(bed.Time.GetUtcNow()))];

        var revalidated = await bed.GetAsync();

        Assert.Equal("\"abc\"", bed.Site.SentHeader(1, "If-None-Match"));
        Assert.Equal(HttpStatusCode.OK, revalidated.Status);
        Assert.Equal("<p>stored body</p>", revalidated.Text);
        Assert.Equal("2", revalidated.Header("X-Version"));
        Assert.Equal("max-age=100", revalidated.Header("Cache-Control"));
        Assert.Equal("en", revalidated.Header("Content-Language"));
        Assert.Equal("\"abc\"", revalidated.Header("ETag"));
        Assert.Null(revalidated.Request.Headers.GetValueOrDefault("If-None-Match"));
        Assert.Equal(1, bed.Count(HttpCacheStats.Revalidate));

        // The merged entry was stored with the new freshness: 90 s later it is still served without a request.
        bed.Time.Advance(TimeSpan.FromSeconds(90));
        var fromStore = await bed.GetAsync();
        Assert.Equal(2, bed.Site.Received.Count);
        Assert.Equal("2", fromStore.Header("X-Version"));
        Assert.Equal(1, bed.Count(HttpCacheStats.Hit));
    }

    [Fact]
    public async Task InvokeAsync_LastModifiedRevalidation_SendsIfModifiedSinceAndServesTheStoredBodyOn304()
    {
        await using var bed = Rfc();
        var lastModified = CacheBed.HttpDateOf(bed.Time.GetUtcNow().AddDays(-1));
        bed.Site.Body = "<p>old but good</p>";
        bed.Answer(("Cache-Control", "no-cache"), ("Last-Modified", lastModified));
        await bed.GetAsync();
        bed.Site.Status = HttpStatusCode.NotModified;
        bed.Site.Body = string.Empty;
        bed.Site.Headers = [new("Date", CacheBed.HttpDateOf(bed.Time.GetUtcNow()))];

        var revalidated = await bed.GetAsync();

        Assert.Equal(lastModified, bed.Site.SentHeader(1, "If-Modified-Since"));
        Assert.Null(bed.Site.SentHeader(1, "If-None-Match"));
        Assert.Equal(HttpStatusCode.OK, revalidated.Status);
        Assert.Equal("<p>old but good</p>", revalidated.Text);
        Assert.Equal(lastModified, revalidated.Header("Last-Modified"));
    }

    [Fact]
    public async Task InvokeAsync_StaleEntryAnsweredWith200_IsReplaced()
    {
        await using var bed = Rfc();
        bed.Answer(("Cache-Control", "max-age=1"), ("ETag", "\"1\""));
        await bed.GetAsync();
        bed.Time.Advance(TimeSpan.FromSeconds(5));
        bed.Site.Body = "changed";
        bed.Answer(("Cache-Control", "max-age=600"), ("ETag", "\"2\""));

        var changed = await bed.GetAsync();
        var fromStore = await bed.GetAsync();

        Assert.Equal("changed", changed.Text);
        Assert.Equal(new Uri("https://shop.test/page"), changed.Request.Url);
        Assert.Null(changed.Request.Headers.GetValueOrDefault("If-None-Match"));
        Assert.Equal("changed", fromStore.Text);
        Assert.Equal(2, bed.Site.Received.Count);
        Assert.Equal(1, bed.Count(HttpCacheStats.Invalidate));
    }

    [Fact]
    public async Task InvokeAsync_ServerErrorOnRevalidation_ServesTheStaleEntryUnlessMustRevalidate()
    {
        await using var bed = Rfc();
        bed.Site.Body = "stale";
        bed.Answer(("Cache-Control", "max-age=1"), ("ETag", "\"s\""));
        await bed.GetAsync("https://shop.test/lenient");
        bed.Answer(("Cache-Control", "max-age=1, must-revalidate"), ("ETag", "\"m\""));
        await bed.GetAsync("https://shop.test/strict");
        bed.Time.Advance(TimeSpan.FromSeconds(5));
        bed.Site.Status = HttpStatusCode.BadGateway;
        bed.Site.Body = "error";

        var lenient = await bed.GetAsync("https://shop.test/lenient");
        var strict = await bed.GetAsync("https://shop.test/strict");

        Assert.Equal((HttpStatusCode.OK, "stale"), (lenient.Status, lenient.Text));
        Assert.Equal(HttpStatusCode.BadGateway, strict.Status);
        Assert.Equal(1, bed.Count(HttpCacheStats.StaleOnError));
    }

    [Fact]
    public async Task InvokeAsync_Vary_IsHonouredForTheHeadersTheCrawlSends()
    {
        await using var bed = Rfc();
        bed.Answer(("Cache-Control", "max-age=600"), ("Vary", "Accept-Language"));
        Request In(string language) => new("https://shop.test/page") { Headers = new Dictionary<string, string?> { ["Accept-Language"] = language } };

        await bed.SendAsync(In("en"));
        await bed.SendAsync(In("en"));
        await bed.SendAsync(In("fr"));
        await bed.SendAsync(In("fr"));

        Assert.Equal(2, bed.Site.Received.Count);
        Assert.Equal(2, bed.Count(HttpCacheStats.Hit));
        Assert.Contains("\"Accept-Language\": \"fr\"", File.ReadAllText(Directory.GetFiles(bed.Folder, "meta.json", SearchOption.AllDirectories).Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_VaryOnAuthorization_StoresOnlyAHashOfTheSecret()
    {
        await using var bed = Rfc();
        bed.Answer(("Cache-Control", "max-age=600"), ("Vary", "Authorization"));
        bed.Session.Headers.Set("Authorization", "Bearer top-secret-token");

        await bed.GetAsync();
        await bed.GetAsync();

        Assert.Single(bed.Site.Received);
        var meta = File.ReadAllText(Directory.GetFiles(bed.Folder, "meta.json", SearchOption.AllDirectories).Single());
        Assert.DoesNotContain("top-secret-token", meta, StringComparison.Ordinal);
        Assert.Contains("xxh128:", meta, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_VaryStar_IsNotStored()
    {
        await using var bed = Rfc();
        bed.Answer(("Cache-Control", "max-age=600"), ("Vary", "*"));

        await bed.GetAsync();

        Assert.Equal(0, bed.Count(HttpCacheStats.Store));
    }

    [Fact]
    public async Task InvokeAsync_PostOrOwnValidators_AreUncacheable()
    {
        await using var bed = Rfc();
        bed.Answer(("Cache-Control", "max-age=600"));

        await bed.SendAsync(new Request("https://shop.test/form") { Method = HttpMethod.Post, Body = RequestContent.Text("a=1") });
        await bed.SendAsync(new Request("https://shop.test/page") { Headers = new Dictionary<string, string?> { ["If-None-Match"] = "\"mine\"" } });

        Assert.Equal(2, bed.Count(HttpCacheStats.Uncacheable));
        Assert.Equal(0, bed.Count(HttpCacheStats.Miss));
        Assert.Empty(Directory.GetFiles(bed.Folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task InvokeAsync_RequestDirectives_NoCacheForcesRevalidationAndMaxStaleAcceptsStale()
    {
        await using var bed = Rfc();
        bed.Answer(("Cache-Control", "max-age=60"), ("ETag", "\"e\""));
        await bed.GetAsync();

        await bed.SendAsync(new Request("https://shop.test/page") { Headers = new Dictionary<string, string?> { ["Cache-Control"] = "no-cache" } });
        Assert.Equal(2, bed.Site.Received.Count);

        bed.Time.Advance(TimeSpan.FromSeconds(90));
        await bed.SendAsync(new Request("https://shop.test/page") { Headers = new Dictionary<string, string?> { ["Cache-Control"] = "max-stale=60" } });
        Assert.Equal(2, bed.Site.Received.Count);
        await bed.SendAsync(new Request("https://shop.test/page") { Headers = new Dictionary<string, string?> { ["Cache-Control"] = "max-stale=10" } });
        Assert.Equal(3, bed.Site.Received.Count);
    }

    [Fact]
    public async Task InvokeAsync_PermanentRedirect_IsStoredWithoutFreshnessHeaders()
    {
        await using var bed = Rfc();
        bed.Site.Status = HttpStatusCode.MovedPermanently;
        bed.Answer(("Location", "https://shop.test/new"));

        await bed.GetAsync("https://shop.test/old");
        bed.Time.Advance(TimeSpan.FromDays(30));
        var replayed = await bed.GetAsync("https://shop.test/old");

        Assert.Single(bed.Site.Received);
        Assert.Equal(HttpStatusCode.MovedPermanently, replayed.Status);
        Assert.Equal("https://shop.test/new", replayed.Header("Location"));
    }
}
