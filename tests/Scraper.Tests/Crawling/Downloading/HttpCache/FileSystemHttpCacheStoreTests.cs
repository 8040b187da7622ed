using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Downloading.HttpCache;
using Scraper.Crawling.Scheduling;

namespace Scraper.Tests.Crawling.Downloading.HttpCache;

public sealed class FileSystemHttpCacheStoreTests : IDisposable
{
    private static readonly RequestFingerprint Fingerprint = RequestFingerprint.Compute(new Request("https://shop.test/p?id=1"));
    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-httpcache-store-").FullName;
    private readonly FakeLogger<FileSystemHttpCacheStore> _logger = new();
    private readonly FileSystemHttpCacheStore _store;

    public FileSystemHttpCacheStoreTests() => _store = new FileSystemHttpCacheStore(_folder, _logger);

    private string EntryFolder => _store.EntryDirectory("shop", Fingerprint);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static HttpCacheEntry Entry(string body = "<html>hello</html>") => new()
    {
        Method = "GET",
        Url = new Uri("https://shop.test/p?id=1"),
        FinalUrl = new Uri("https://shop.test/product/1"),
        Status = HttpStatusCode.OK,
        StoredAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        Headers = [new("Content-Type", "text/html"), new("X-Tag", "a"), new("X-Tag", "b")],
        VaryHeaders = new Dictionary<string, string> { ["Accept-Language"] = "en" },
        Body = System.Text.Encoding.UTF8.GetBytes(body),
    };

    [Fact]
    public async Task StoreAsync_WritesAnEntryAPersonCanRead()
    {
        await _store.StoreAsync("shop", Fingerprint, Entry());

        var key = Fingerprint.ToString();
        Assert.Equal(Path.Combine(_folder, "shop", key[..2], key), EntryFolder);
        Assert.Equal(["body", "headers.txt", "meta.json"], Directory.GetFiles(EntryFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("Content-Type: text/html\nX-Tag: a\nX-Tag: b\n", File.ReadAllText(Path.Combine(EntryFolder, "headers.txt")));
        Assert.Equal("<html>hello</html>", File.ReadAllText(Path.Combine(EntryFolder, "body")));
        var meta = File.ReadAllText(Path.Combine(EntryFolder, "meta.json"));
        Assert.Contains("\"url\": \"https://shop.test/p?id=1\"", meta, StringComparison.Ordinal);
        Assert.Contains("\"finalUrl\": \"https://shop.test/product/1\"", meta, StringComparison.Ordinal);
        Assert.Contains("\"status\": 200", meta, StringComparison.Ordinal);
        Assert.Contains("\"method\": \"GET\"", meta, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_ReadsBackWhatWasStored()
    {
        var stored = Entry();
        await _store.StoreAsync("shop", Fingerprint, stored);

        var loaded = await _store.LoadAsync("shop", Fingerprint);

        Assert.NotNull(loaded);
        Assert.Equal((stored.Method, stored.Url, stored.FinalUrl, stored.Status, stored.StoredAt), (loaded.Method, loaded.Url, loaded.FinalUrl, loaded.Status, loaded.StoredAt));
        Assert.Equal(stored.Headers, loaded.Headers);
        Assert.Equal("en", loaded.VaryHeaders["Accept-Language"]);
        Assert.Equal(stored.Body.ToArray(), loaded.Body.ToArray());
    }

    [Fact]
    public async Task StoreAsync_ReplacesTheEntryAndLeavesNoTemporaryFiles()
    {
        await _store.StoreAsync("shop", Fingerprint, Entry("first"));
        await _store.StoreAsync("shop", Fingerprint, Entry("second"));

        var loaded = await _store.LoadAsync("shop", Fingerprint);

        Assert.Equal("second", System.Text.Encoding.UTF8.GetString(loaded!.Body.Span));
        Assert.Equal(3, Directory.GetFiles(EntryFolder).Length);
    }

    [Fact]
    public async Task LoadAsync_LeftoverTemporaryFiles_AreIgnored()
    {
        await _store.StoreAsync("shop", Fingerprint, Entry());
        // What a writer killed between writing and moving leaves behind.
        File.WriteAllText(Path.Combine(EntryFolder, $".body.{Guid.NewGuid():N}.tmp"), "half a new bo");
        File.WriteAllText(Path.Combine(EntryFolder, $".meta.json.{Guid.NewGuid():N}.tmp"), "{ \"form");
        var other = RequestFingerprint.Compute(new Request("https://shop.test/never-finished"));
        var unfinished = _store.EntryDirectory("shop", other);
        Directory.CreateDirectory(unfinished);
        File.WriteAllText(Path.Combine(unfinished, $".body.{Guid.NewGuid():N}.tmp"), "partial");

        var loaded = await _store.LoadAsync("shop", Fingerprint);
        var missing = await _store.LoadAsync("shop", other);

        Assert.Equal("<html>hello</html>", System.Text.Encoding.UTF8.GetString(loaded!.Body.Span));
        Assert.Null(missing);
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Theory]
    [InlineData("meta.json", "{ not json")]
    [InlineData("meta.json", "{\"format\": 99}")]
    [InlineData("body", "<html>truncat")]
    [InlineData("body", "<html>HELLO</html>")]
    [InlineData("headers.txt", "Content-Type: text/plain\n")]
    public async Task LoadAsync_DamagedEntry_IsAMissAndIsLogged(string file, string content)
    {
        await _store.StoreAsync("shop", Fingerprint, Entry());
        File.WriteAllText(Path.Combine(EntryFolder, file), content);

        var loaded = await _store.LoadAsync("shop", Fingerprint);

        Assert.Null(loaded);
        var record = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains(EntryFolder, record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_MissingBody_IsAMiss()
    {
        await _store.StoreAsync("shop", Fingerprint, Entry());
        File.Delete(Path.Combine(EntryFolder, "body"));

        Assert.Null(await _store.LoadAsync("shop", Fingerprint));
    }

    [Fact]
    public void EntryDirectory_SpiderNameWithSeparators_StaysInsideTheStore()
    {
        var folder = _store.EntryDirectory("../../etc", Fingerprint);

        Assert.StartsWith(_folder + Path.DirectorySeparatorChar, Path.GetFullPath(folder), StringComparison.Ordinal);
        Assert.DoesNotContain("..", folder, StringComparison.Ordinal);
    }
}
