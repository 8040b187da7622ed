using Microsoft.Extensions.Time.Testing;
using Scraper.Http;
using Scraper.Http.Cookies;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using SessionOptions = Scraper.Http.SessionOptions;

namespace Scraper.Tests.Http.Cookies;

/// <summary>The cookie file is saved when the jar changes, so a process killed mid-run keeps its session (C10).</summary>
public sealed class SessionCookieWriterTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-cookie-writer-").FullName;

    public SessionCookieWriterTests()
    {
        _server.Given(Request.Create().UsingAnyMethod()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        _server.Given(Request.Create().WithPath("/login")).RespondWith(Response.Create()
            .WithHeader("Set-Cookie", "sid=s3cr3t; Path=/; HttpOnly; Max-Age=3600"));
    }

    private string File => Path.Combine(_folder, "state", "shop.cookies.json");

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private Session NewSession(TimeProvider? time = null) =>
        new(new SessionOptions { BaseAddress = new Uri(_server.Url!), CookieFile = File }, handler: null, timeProvider: time);

    [Fact]
    public async Task Cookies_C10_SetCookieIsSavedWhileTheSessionRuns_ANeverClosedSessionLosesNothing()
    {
        // The first session is never closed, as in a process killed mid-run.
        var killed = NewSession();
        await killed.GetAsync("/login");
        await killed.CookieWriter!.WaitForVersionAsync(killed.Cookies.Version).WaitAsync(TimeSpan.FromSeconds(5));

        await using var next = NewSession();
        await next.GetAsync("/account");

        Assert.Equal("sid=s3cr3t", _server.Single("/account").Cookie());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(File));
        }

        await killed.DisposeAsync();
    }

    [Fact]
    public async Task Cookies_C10_ManyChangesAreCoalescedIntoOneWritePerInterval_AndAFlushWritesAtOnce()
    {
        var time = new FakeTimeProvider();
        await using var session = NewSession(time);
        await session.GetAsync("/login");
        var writer = session.CookieWriter!;
        await writer.WaitForVersionAsync(session.Cookies.Version).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, writer.Saves);

        // A thousand Set-Cookie answers inside one interval: nothing is written until it has passed, then once.
        var host = new Uri(_server.Url!).Host;
        for (var i = 0; i < 1000; i++)
        {
            session.Cookies.SetCookies(new Uri(_server.Url! + "/page"), [$"seen={i}; Path=/"]);
        }

        Assert.Equal(1, writer.Saves);
        time.Advance(SessionCookieWriter.MinInterval);
        await writer.WaitForVersionAsync(session.Cookies.Version).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, writer.Saves);
        Assert.Contains("\"seen\"", await System.IO.File.ReadAllTextAsync(File), StringComparison.Ordinal);
        Assert.Contains("\"999\"", await System.IO.File.ReadAllTextAsync(File), StringComparison.Ordinal);

        // After a login the engine flushes: written now, without waiting out the interval.
        session.Cookies.Set("token", "fresh", host);
        await session.FlushCookiesAsync();
        Assert.Equal(3, writer.Saves);
        Assert.Contains("\"fresh\"", await System.IO.File.ReadAllTextAsync(File), StringComparison.Ordinal);

        // An unchanged jar is not written again.
        await session.FlushCookiesAsync();
        Assert.Equal(3, writer.Saves);
    }
}
