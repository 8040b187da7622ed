using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling.Engine;
using Scraper.Http.Cookies;
using Scraper.Http.SessionStores;

namespace Scraper.Tests.Crawling;

/// <summary>The one line that says a saved session spared the login, with the cookies' age as a person says it.</summary>
public sealed class SavedSessionLogTests
{
    [Theory]
    [InlineData(0.4, "0 seconds")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "1 minute")]
    [InlineData(185, "3 minutes")]
    [InlineData(7200, "2 hours")]
    [InlineData(86400 * 3, "3 days")]
    public void Describe_AgeIsInTheLargestWholeUnit(double seconds, string expected) =>
        Assert.Equal(expected, SavedSessionLog.Describe(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public async Task Reused_LogsTheSessionAndHowLongAgoItsCookiesWereSaved()
    {
        var file = Path.GetTempFileName();
        try
        {
            var saved = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
            File.SetLastWriteTimeUtc(file, saved.UtcDateTime);
            var logger = new FakeLogger();

            await new SavedSessionLog(FileSessionStore.ForFile(file), logger, new FakeTimeProvider(saved.AddMinutes(3))).ReusedAsync("shop", "default", CancellationToken.None);

            Assert.Equal("Spider shop: reusing the saved session default (cookies saved 3 minutes ago); not logging in", logger.LatestRecord.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Reused_StoreKeepsTheSaveTime_LogsTheAgeFromIt()
    {
        // A job store has no file whose last write says when: it keeps the time with the cookies.
        var saved = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var logger = new FakeLogger();

        await new SavedSessionLog(new DictionaryStore { SavedAt = saved }, logger, new FakeTimeProvider(saved.AddSeconds(12))).ReusedAsync("shop", "default", CancellationToken.None);

        Assert.Equal("Spider shop: reusing the saved session default (cookies saved 12 seconds ago); not logging in", logger.LatestRecord.Message);
    }

    [Fact]
    public async Task ImportingStore_LooseCookieFileAndEmptyStore_ImportsItOnce_WithTheFilesAge()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var files = new FileSessionStore(folder);
            await files.SaveCookiesAsync("default", [new StoredCookie("sid", "s3cr3t", "shop.test", "/")]);
            var written = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
            File.SetLastWriteTimeUtc(files.PathOf("default"), written.UtcDateTime);
            var store = new DictionaryStore();
            var importing = new ImportingSessionStore(store, folder);

            var loaded = await importing.LoadCookiesAsync("default");

            Assert.Equal("s3cr3t", Assert.Single(loaded!).Value);
            Assert.Equal("s3cr3t", Assert.Single(store.Cookies["default"]).Value);
            Assert.Equal(written, await importing.SavedAtAsync("default"));
            Assert.Null(await importing.LoadCookiesAsync("other"));

            // Once the store has the session, the file is no longer read: a later save in the store wins.
            await importing.SaveCookiesAsync("default", [new StoredCookie("sid", "newer", "shop.test", "/")]);
            Assert.Equal("newer", Assert.Single((await new ImportingSessionStore(store, folder).LoadCookiesAsync("default"))!).Value);
            Assert.True(File.Exists(files.PathOf("default")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class DictionaryStore : ISessionStore
    {
        public Dictionary<string, IReadOnlyList<StoredCookie>> Cookies { get; } = [];

        public DateTimeOffset? SavedAt { get; init; }

        public Task<IReadOnlyList<StoredCookie>?> LoadCookiesAsync(string session, CancellationToken cancellationToken = default) =>
            Task.FromResult(Cookies.GetValueOrDefault(session));

        public Task SaveCookiesAsync(string session, IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken = default)
        {
            Cookies[session] = cookies;
            return Task.CompletedTask;
        }

        public Task<DateTimeOffset?> SavedAtAsync(string session, CancellationToken cancellationToken = default) => Task.FromResult(SavedAt);

        public string Describe(string session) => "memory";
    }
}
