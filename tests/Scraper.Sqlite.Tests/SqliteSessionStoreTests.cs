using Scraper.Http.Cookies;

namespace Scraper.Sqlite.Tests;

public sealed class SqliteSessionStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SaveCookies_Reopen_LoadsEveryFieldPerSession_InAnOwnerOnlyFile()
    {
        var path = _folder.File("shop.db");
        var expires = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var sid = new StoredCookie("sid", "s3cr\uDC80t", "shop.test", "/") { Expires = expires, Secure = true, HttpOnly = true, HostOnly = true, SameSite = CookieSameSite.Strict };
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            await job.Sessions.SaveCookiesAsync("default", [sid]);
            await job.Sessions.SaveCookiesAsync("account-b", [new StoredCookie("sid", "other", "shop.test", "/")]);
            Assert.DoesNotContain("s3cr", job.Sessions.Describe("default"), StringComparison.Ordinal);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        await using var reopened = await SqliteCrawlJob.OpenAsync(path, new SqliteJobOptions { Fresh = true });
        var loaded = Assert.Single((await reopened.Sessions.LoadCookiesAsync("default"))!);
        Assert.Equal(sid, loaded);
        Assert.Equal("other", Assert.Single((await reopened.Sessions.LoadCookiesAsync("account-b"))!).Value);
        Assert.Null(await reopened.Sessions.LoadCookiesAsync("never-saved"));
    }

    [Fact]
    public async Task SaveCookies_Twice_ReplacesTheSessionsCookies()
    {
        await using var job = await SqliteCrawlJob.OpenAsync(_folder.File("shop.db"));
        await job.Sessions.SaveCookiesAsync("default", [new StoredCookie("a", "1", "shop.test", "/"), new StoredCookie("b", "2", "shop.test", "/")]);
        await job.Sessions.SaveCookiesAsync("default", [new StoredCookie("c", "3", "shop.test", "/")]);

        Assert.Equal("c", Assert.Single((await job.Sessions.LoadCookiesAsync("default"))!).Name);
    }

    [Fact]
    public async Task SavedAt_IsTheJobClocksTimeOfTheLastSave_KeptAcrossReopen()
    {
        var path = _folder.File("shop.db");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using (var job = await SqliteCrawlJob.OpenAsync(path, timeProvider: time))
        {
            Assert.Null(await job.Sessions.SavedAtAsync("default"));
            await job.Sessions.SaveCookiesAsync("default", [new StoredCookie("a", "1", "shop.test", "/")]);
            time.Advance(TimeSpan.FromSeconds(30));
            await job.Sessions.SaveCookiesAsync("default", [new StoredCookie("a", "2", "shop.test", "/")]);
        }

        time.Advance(TimeSpan.FromMinutes(5));
        await using var reopened = await SqliteCrawlJob.OpenAsync(path, timeProvider: time);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 0, 30, TimeSpan.Zero), await reopened.Sessions.SavedAtAsync("default"));
    }
}
