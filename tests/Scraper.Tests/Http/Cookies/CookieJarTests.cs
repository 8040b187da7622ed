using Microsoft.Extensions.Time.Testing;
using Scraper.Http.Cookies;

namespace Scraper.Tests.Http.Cookies;

public sealed class CookieJarTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CookieJar _jar;

    public CookieJarTests() => _jar = new CookieJar(timeProvider: _time);

    private static Uri U(string url) => new(url);

    private void Set(string url, params string[] headers) => _jar.SetCookies(U(url), headers);

    private string? Header(string url) => _jar.GetCookieHeader(U(url));

    [Fact]
    public void Cookies_C1_HostOnlyCookieIsNotSentToSubdomains()
    {
        Set("http://a.test/", "h=1");

        Assert.Equal("h=1", Header("http://a.test/"));
        Assert.Null(Header("http://x.a.test/"));
    }

    [Theory]
    [InlineData("Domain=a.test")]
    [InlineData("Domain=.a.test")]
    [InlineData("Domain=A.TEST")]
    public void Cookies_C1_DomainCookieReachesTheDomainAndItsSubdomains(string domain)
    {
        Set("http://www.a.test/", $"d=1; {domain}");

        Assert.Equal("d=1", Header("http://a.test/"));
        Assert.Equal("d=1", Header("http://x.y.a.test/"));
        Assert.Null(Header("http://b.test/"));
        Assert.Null(Header("http://nota.test/"));
    }

    [Fact]
    public void Cookies_C1_ForeignDomainIsRejected()
    {
        Set("http://a.test/", "f=1; Domain=b.test", "g=1; Domain=sub.a.test");

        Assert.Equal(0, _jar.Count);
    }

    [Theory]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://intranet/")]
    public void Cookies_C1_LocalhostIpAndSingleLabelHostsWorkAndPortsAreIgnored(string url)
    {
        Set(url, "s=1");

        var otherPort = new UriBuilder(url) { Port = 9999 }.Uri;
        Assert.Equal("s=1", Header(url));
        Assert.Equal("s=1", _jar.GetCookieHeader(otherPort));
    }

    [Fact]
    public void Cookies_C2_DefaultPathIsTheRequestDirectory()
    {
        Set("http://a.test/account/login", "p=1");

        Assert.Equal("/account", Assert.Single(_jar.GetAllCookies()).Path);
        Assert.Equal("p=1", Header("http://a.test/account/orders"));
        Assert.Null(Header("http://a.test/"));
    }

    [Fact]
    public void Cookies_C2_PathWithoutLeadingSlashFallsBackToTheDefaultPath()
    {
        Set("http://a.test/shop/cart", "p=1; Path=foo");

        Assert.Equal("/shop", Assert.Single(_jar.GetAllCookies()).Path);
    }

    [Fact]
    public void Cookies_C2_PathMatchingRespectsSlashBoundaries()
    {
        Set("http://a.test/", "p=1; Path=/docs");

        Assert.Equal("p=1", Header("http://a.test/docs"));
        Assert.Equal("p=1", Header("http://a.test/docs/page"));
        Assert.Null(Header("http://a.test/docsearch"));
    }

    [Fact]
    public void Cookies_C2_LongerPathsAreSentFirst()
    {
        Set("http://a.test/", "n=root; Path=/", "n=deep; Path=/a/b");

        Assert.Equal("n=deep; n=root", Header("http://a.test/a/b/c"));
    }

    [Fact]
    public void Cookies_C3_ValueWithACommaIsKeptWhole()
    {
        Set("http://a.test/", "list=1,2,3; Path=/");

        Assert.Equal("list=1,2,3", Header("http://a.test/"));
    }

    [Theory]
    [InlineData("m=1; Max-Age=60; Expires=Wed, 01 Jan 2020 00:00:00 GMT")]
    [InlineData("m=1; Expires=Wed, 01 Jan 2020 00:00:00 GMT; Max-Age=60")]
    public void Cookies_C4_MaxAgeWinsOverExpiresInAnyOrder(string header)
    {
        Set("http://a.test/", header);

        var cookie = Assert.Single(_jar.GetAllCookies());
        Assert.Equal(_time.GetUtcNow().AddSeconds(60), cookie.Expires);
    }

    [Fact]
    public void Cookies_C4_MalformedAttributeIsIgnoredNotTheCookie()
    {
        Set("http://a.test/", "bad=1; Expires=not a date; Max-Age=soon; Path=/");

        var cookie = Assert.Single(_jar.GetAllCookies());
        Assert.True(cookie.IsSession);
        Assert.Equal("/", cookie.Path);
    }

    [Fact]
    public void Cookies_C4_CookieExpiresWhenItsTimeComes()
    {
        Set("http://a.test/", "short=1; Max-Age=10");

        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Null(Header("http://a.test/"));
    }

    [Theory]
    [InlineData("gone=; Max-Age=0")]
    [InlineData("gone=; Expires=Thu, 01 Jan 1970 00:00:00 GMT")]
    [InlineData("gone=; Max-Age=-5")]
    public void Cookies_C5_MaxAgeZeroOrPastExpiresDeletesTheCookie(string deletion)
    {
        Set("http://a.test/", "gone=1", "kept=1");

        Set("http://a.test/", deletion);

        Assert.Equal("kept=1", Header("http://a.test/"));
    }

    [Fact]
    public void Cookies_C6_NonAsciiValueIsStored()
    {
        Set("http://a.test/", "name=José");

        Assert.Equal("name=José", Header("http://a.test/"));
    }

    [Fact]
    public void Cookies_C7_GenerousLimitsKeep180CookiesPerDomain()
    {
        Set("http://a.test/", [.. Enumerable.Range(0, 180).Select(i => $"c{i}={new string('v', 4000)}")]);

        Assert.Equal(180, _jar.Count);
    }

    [Fact]
    public void Cookies_C7_OverTheLimitTheOldestIsEvicted()
    {
        var jar = new CookieJar(new CookieJarOptions { MaxCookiesPerDomain = 3 }, _time);
        foreach (var i in Enumerable.Range(0, 4))
        {
            jar.SetCookies(U("http://a.test/"), [$"c{i}=1"]);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["c1", "c2", "c3"], jar.GetAllCookies().Select(c => c.Name).Order());
    }

    [Fact]
    public void Cookies_C7_OversizedCookieIsRefused()
    {
        Set("http://a.test/", $"big={new string('x', 9000)}", "small=1");

        Assert.Equal("small=1", Header("http://a.test/"));
    }

    [Fact]
    public void Cookies_C9_SecureCookiesGoOnlyOverHttps()
    {
        Set("https://a.test/", "s=1; Secure", "p=1");

        Assert.Equal("s=1; p=1", Header("https://a.test/"));
        Assert.Equal("p=1", Header("http://a.test/"));
    }

    [Theory]
    [InlineData("http://shop.co.uk/", "Domain=co.uk")]
    [InlineData("http://a.github.io/", "Domain=github.io")]
    [InlineData("http://x.com/", "Domain=com")]
    public void Cookies_C9_PublicSuffixAsDomainIsRejected(string url, string domain)
    {
        Set(url, $"ps=1; {domain}");

        Assert.Equal(0, _jar.Count);
    }

    [Theory]
    [InlineData("SameSite=Strict", CookieSameSite.Strict)]
    [InlineData("SameSite=lax", CookieSameSite.Lax)]
    [InlineData("SameSite=None; Secure", CookieSameSite.None)]
    [InlineData("SameSite=bogus", CookieSameSite.Unspecified)]
    public void Cookies_C9_SameSiteIsParsedAndKept(string attribute, CookieSameSite expected)
    {
        Set("https://a.test/", $"ss=1; {attribute}");

        Assert.Equal(expected, Assert.Single(_jar.GetAllCookies()).SameSite);
    }

    [Fact]
    public void Cookies_C9_HttpOnlyIsKept()
    {
        Set("https://a.test/", "h=1; HttpOnly");

        Assert.True(Assert.Single(_jar.GetAllCookies()).HttpOnly);
    }

    [Fact]
    public async Task Cookies_C10_SaveAndLoadRoundTripsEveryAttributeIncludingHostOnly()
    {
        Set("https://www.a.test/app/x", "host=1; Secure; HttpOnly; SameSite=Strict", "dom=2; Domain=a.test; Path=/; Max-Age=3600");
        using var stream = new MemoryStream();
        await _jar.SaveAsync(stream);
        stream.Position = 0;

        var restored = new CookieJar(timeProvider: _time);
        await restored.LoadAsync(stream);

        Assert.Equal(_jar.GetAllCookies().OrderBy(c => c.Name), restored.GetAllCookies().OrderBy(c => c.Name));
        var host = restored.GetAllCookies().Single(c => c.Name == "host");
        Assert.True(host.HostOnly);
        Assert.True(host.IsSession);
        Assert.Equal("dom=2", restored.GetCookieHeader(U("https://sub.www.a.test/app/")));
        Assert.Equal("dom=2", restored.GetCookieHeader(U("https://sub.a.test/")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Cookies_C10_FileIsWrittenAtomicallyAndReadableOnlyByItsOwner()
    {
        var directory = Directory.CreateTempSubdirectory("scraper-cookies-");
        try
        {
            var path = Path.Combine(directory.FullName, "state", "cookies.json");
            Set("https://a.test/", "sid=secret");

            await _jar.SaveAsync(path);
            await _jar.SaveAsync(path);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(["cookies.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
            var restored = new CookieJar(timeProvider: _time);
            await restored.LoadAsync(path);
            Assert.Equal("sid=secret", restored.GetCookieHeader(U("https://a.test/")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Cookies_C10_ExpiredCookiesAreNotRestored()
    {
        Set("http://a.test/", "soon=1; Max-Age=5", "later=1; Max-Age=500");
        using var stream = new MemoryStream();
        await _jar.SaveAsync(stream);
        stream.Position = 0;
        _time.Advance(TimeSpan.FromSeconds(60));

        var restored = new CookieJar(timeProvider: _time);
        await restored.LoadAsync(stream);

        Assert.Equal("later=1", restored.GetCookieHeader(U("http://a.test/")));
    }

    [Fact]
    public void Cookies_JarCanBeReadSetDeletedAndCleared()
    {
        _jar.Set("a", "1", "a.test");
        _jar.Set("b", "2", "b.test");
        _jar.Set(new StoredCookie("c", "3", "a.test", "/") { HostOnly = true });

        Assert.Equal("a=1; c=3", Header("http://a.test/"));
        Assert.Equal("a=1", Header("http://sub.a.test/"));
        Assert.Equal(1, _jar.Delete("a"));
        Assert.Equal("c=3", Header("http://a.test/"));
        _jar.Clear("a.test");
        Assert.Null(Header("http://a.test/"));
        Assert.Equal(1, _jar.Count);
        _jar.Clear();
        Assert.Equal(0, _jar.Count);
    }

    [Theory]
    [InlineData("=novalue")]
    [InlineData("")]
    [InlineData("; Path=/")]
    [InlineData("noequals")]
    public void BadInput_MalformedSetCookieIsIgnored(string header)
    {
        Set("http://a.test/", header, "good=1");

        Assert.Equal("good=1", Header("http://a.test/"));
    }
}
