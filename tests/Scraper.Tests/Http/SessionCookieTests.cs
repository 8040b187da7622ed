using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using SessionOptions = Scraper.Http.SessionOptions;
using Scraper.Http;
using Scraper.Tests.TestSites;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

public sealed class SessionCookieTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-session-").FullName;

    public SessionCookieTests()
    {
        _server.Given(Request.Create().UsingAnyMethod()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        _server.Given(Request.Create().WithPath("/login")).RespondWith(Response.Create()
            .WithHeader("Set-Cookie", "sid=s3cr3t; Path=/; HttpOnly; Max-Age=3600"));
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private Session NewSession(Action<SessionOptions>? configure = null)
    {
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        configure?.Invoke(options);
        return new Session(options);
    }

    [Fact]
    public async Task Cookies_C8_PerRequestCookiesWinOverTheJarAndAreNotStored()
    {
        await using var session = NewSession();
        await session.GetAsync("/login");
        var request = SessionRequest.Get("/once");
        request.Cookies["sid"] = "override";
        request.Cookies["extra"] = "1";

        await session.SendAsync(request);
        await session.GetAsync("/after");

        Assert.Equal("sid=override; extra=1", _server.Single("/once").Cookie());
        Assert.Equal("sid=s3cr3t", _server.Single("/after").Cookie());
    }

    [Fact]
    public async Task Cookies_C8_PerRequestCookiesDoNotFollowARedirectToAnotherHost()
    {
        _server.Given(Request.Create().WithPath("/go")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", _server.AtOtherHost("/there").AbsoluteUri));
        await using var session = new Session();
        var request = SessionRequest.Get(_server.At("/go").AbsoluteUri);
        request.Cookies["token"] = "mine";

        await session.SendAsync(request);

        Assert.Equal("token=mine", _server.Single("/go").Cookie());
        Assert.Null(_server.Single("/there").Cookie());
    }

    [Fact]
    public async Task Cookies_C10_SaveAndLoadCarryALoginIntoANewSession()
    {
        var file = Path.Combine(_folder, "cookies.json");
        await using (var first = NewSession())
        {
            await first.GetAsync("/login");
            await first.SaveCookiesAsync(file);
        }

        await using var second = NewSession();
        await second.LoadCookiesAsync(file);
        await second.GetAsync("/account");

        Assert.Equal("sid=s3cr3t", _server.Single("/account").Cookie());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task Cookies_C10_CookieFileOptionLoadsBeforeTheFirstRequestAndSavesOnClose()
    {
        var file = Path.Combine(_folder, "state", "shop.cookies.json");
        await using (var first = NewSession(o => o.CookieFile = file))
        {
            await first.GetAsync("/login");
        }

        Assert.True(File.Exists(file));
        await using var second = NewSession(o => o.CookieFile = file);
        await second.GetAsync("/account");

        Assert.Equal("sid=s3cr3t", _server.Single("/account").Cookie());
    }

    [Fact]
    public async Task Cookies_JarIsReadableAndWritableFromUserCode()
    {
        await using var session = NewSession();
        await session.GetAsync("/login");
        var host = new Uri(_server.Url!).Host;

        Assert.Contains(session.Cookies.GetAllCookies(), c => c is { Name: "sid", Value: "s3cr3t", HttpOnly: true });
        session.Cookies.Set("theme", "dark", host);
        session.Cookies.Delete("sid");
        await session.GetAsync("/prefs");

        Assert.Equal("theme=dark", _server.Single("/prefs").Cookie());
        session.Cookies.Clear();
        await session.GetAsync("/cleared");
        Assert.Null(_server.Single("/cleared").Cookie());
    }

    [Fact]
    public async Task Cookies_C6_NonAsciiValueIsStoredAndLaterRequestsDoNotThrow()
    {
        await using var site = await KestrelSite.StartAsync(app =>
        {
            app.MapGet("/unicode", (Microsoft.AspNetCore.Http.HttpContext context) => context.Response.Headers.SetCookie = "name=Jos\u00e9; Path=/");
            app.MapGet("/next", (Microsoft.AspNetCore.Http.HttpContext context) => context.Request.Headers.Cookie.ToString());
        });
        await using var session = new Session();

        await session.GetAsync(site.At("/unicode").AbsoluteUri);
        var response = await session.GetAsync(site.At("/next").AbsoluteUri);

        Assert.Equal("name=Jos\u00e9", response.Text);
        Assert.Contains(session.Cookies.GetAllCookies(), c => c.Value == "Jos\u00e9");
    }

    [Fact]
    public async Task Concurrency_200RequestsShareTheJarCorrectly()
    {
        _server.Given(Request.Create().WithPath("/set")).RespondWith(Response.Create()
            .WithHeader("Set-Cookie", "k{{request.query.i}}=v{{request.query.i}}; Path=/").WithTransformer());
        await using var session = NewSession();
        await session.GetAsync("/login");

        var errors = new ConcurrentBag<Exception>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 200 }, async (i, ct) =>
        {
            try
            {
                await session.GetAsync($"/set?i={i % 100}", ct);
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        });
        await session.GetAsync("/final");

        Assert.Empty(errors);
        Assert.All(_server.Requests("/set"), e => Assert.Contains("sid=s3cr3t", e.Cookie(), StringComparison.Ordinal));
        var sent = _server.Single("/final").Cookie()!.Split("; ").ToHashSet();
        Assert.Contains("sid=s3cr3t", sent);
        Assert.All(Enumerable.Range(0, 100), i => Assert.Contains($"k{i}=v{i}", sent));
    }
}
