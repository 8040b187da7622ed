using Scraper.Http;
using Scraper.Http.Cookies;
using Scraper.Http.SessionStores;

namespace Scraper.Tests.Http.SessionStores;

public sealed class SessionStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-sessions-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Session_WithStore_LoadsUnderItsNameAndSavesBackOnClose()
    {
        var store = new RecordingStore();
        store.Saved["account-b"] = [new StoredCookie("sid", "restored", "shop.test", "/")];
        var session = new Session(new SessionOptions { Name = "account-b", Store = store, CookieFile = Path.Combine(_folder, "ignored.json") });

        Assert.True(await session.RestoreCookiesAsync());
        Assert.Equal("restored", Assert.Single(session.Cookies.GetAllCookies()).Value);
        session.Cookies.Set(new StoredCookie("pref", "eu", "shop.test", "/"));
        await session.DisposeAsync();

        Assert.Equal(["pref", "sid"], store.Saved["account-b"].Select(c => c.Name).Order());
        // The store wins over the cookie file: nothing was written there.
        Assert.False(File.Exists(Path.Combine(_folder, "ignored.json")));
    }

    [Fact]
    public async Task Session_WithStoreNeverUsed_DoesNotOverwriteWhatWasSaved()
    {
        var store = new RecordingStore();
        await new Session(new SessionOptions { Store = store }).DisposeAsync();

        Assert.Empty(store.Saved);
    }

    [Fact]
    public async Task FileSessionStore_SavesOneOwnerOnlyFilePerSession()
    {
        var store = new FileSessionStore(_folder);

        await store.SaveCookiesAsync("default", [new StoredCookie("sid", "abc", "shop.test", "/")]);

        var path = Path.Combine(_folder, "default.cookies.json");
        Assert.Equal(path, store.PathOf("default"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal("abc", Assert.Single((await store.LoadCookiesAsync("default"))!).Value);
        Assert.Null(await store.LoadCookiesAsync("other"));
    }

    private sealed class RecordingStore : ISessionStore
    {
        public Dictionary<string, IReadOnlyList<StoredCookie>> Saved { get; } = [];

        public Task<IReadOnlyList<StoredCookie>?> LoadCookiesAsync(string session, CancellationToken cancellationToken = default) =>
            Task.FromResult(Saved.GetValueOrDefault(session));

        public Task SaveCookiesAsync(string session, IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken = default)
        {
            Saved[session] = cookies;
            return Task.CompletedTask;
        }

        public string Describe(string session) => "memory:" + session;
    }
}
