using System.Net;
using Microsoft.AspNetCore.Builder;
using SessionOptions = Scraper.Http.SessionOptions;
using Scraper.Http;
using Scraper.Tests.TestSites;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

public sealed class SessionRedirectTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public SessionRedirectTests()
    {
        _server.Given(Request.Create().UsingAnyMethod()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(200).WithBody("landed"));
    }

    public void Dispose() => _server.Dispose();

    private Session NewSession(Action<SessionOptions>? configure = null)
    {
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        configure?.Invoke(options);
        return new Session(options);
    }

    private void Redirect(string from, int status, string location) =>
        _server.Given(Request.Create().WithPath(from).UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", location));

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    public async Task Redirect_R1_PostBecomesGetAndDropsBody(int status)
    {
        Redirect("/form", status, "/done");
        await using var session = NewSession();

        var response = await session.PostFormAsync("/form", [new("a", "1")]);

        var done = _server.Single("/done");
        Assert.Equal("GET", done.RequestMessage!.Method);
        Assert.True(string.IsNullOrEmpty(done.RequestMessage!.Body));
        Assert.Null(done.Header("Content-Type"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Redirect_R1_PostBecomesGetAfter302()
    {
        Redirect("/login", 302, "/home");
        await using var session = NewSession();

        await session.PostFormAsync("/login", [new("user", "u")]);

        Assert.Equal("GET", _server.Single("/home").RequestMessage!.Method);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(303)]
    public async Task Redirect_R1_PutAndDeleteBecomeGetAfter302And303(int status)
    {
        Redirect("/put", status, "/after-put");
        Redirect("/delete", status, "/after-delete");
        await using var session = NewSession();

        await session.PutJsonAsync("/put", new { a = 1 });
        await session.DeleteAsync("/delete");

        Assert.Equal("GET", _server.Single("/after-put").RequestMessage!.Method);
        Assert.Equal("GET", _server.Single("/after-delete").RequestMessage!.Method);
    }

    [Fact]
    public async Task Redirect_R1_PutIsKeptAfter301()
    {
        Redirect("/put", 301, "/moved");
        await using var session = NewSession();

        await session.PutJsonAsync("/put", new { a = 1 });

        Assert.Equal("PUT", _server.Single("/moved").RequestMessage!.Method);
    }

    [Fact]
    public async Task Redirect_R1_HeadStaysHeadAfter303()
    {
        Redirect("/head", 303, "/target");
        await using var session = NewSession();

        await session.SendAsync(new SessionRequest(HttpMethod.Head, "/head"));

        Assert.Equal("HEAD", _server.Single("/target").RequestMessage!.Method);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Redirect_R2_TemporaryAndPermanentRedirectKeepMethodAndBody(int status)
    {
        Redirect("/api", status, "/api2");
        await using var session = NewSession();

        await session.PostJsonAsync("/api", new { name = "kept" });

        var moved = _server.Single("/api2");
        Assert.Equal("POST", moved.RequestMessage!.Method);
        Assert.Equal("""{"name":"kept"}""", moved.RequestMessage!.Body);
        Assert.StartsWith("application/json", moved.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_R3_MultipleChoicesIsNotFollowed()
    {
        Redirect("/choices", 300, "/one");
        await using var session = NewSession();

        var response = await session.GetAsync("/choices");

        Assert.Equal(HttpStatusCode.MultipleChoices, response.StatusCode);
        Assert.Empty(_server.Requests("/one"));
    }

    [Fact]
    public async Task Redirect_R4_TooManyRedirectsThrowsWithTheChain()
    {
        Redirect("/loop/a", 302, "/loop/b");
        Redirect("/loop/b", 302, "/loop/a");
        await using var session = NewSession(o => o.Redirects.MaxRedirects = 5);

        var error = await Assert.ThrowsAsync<TooManyRedirectsException>(() => session.GetAsync("/loop/a"));

        Assert.Equal(5, error.Limit);
        Assert.Equal(6, error.Chain.Count);
        Assert.Contains("/loop/a", error.Message, StringComparison.Ordinal);
        Assert.Contains("/loop/b", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/fine")).StatusCode);
    }

    [Fact]
    public async Task Redirect_R4_DefaultLimitIsThirty()
    {
        Redirect("/self", 302, "/self");
        await using var session = NewSession();

        var error = await Assert.ThrowsAsync<TooManyRedirectsException>(() => session.GetAsync("/self"));

        Assert.Equal(30, error.Limit);
        Assert.Equal(31, _server.Requests("/self").Count);
    }

    [Fact]
    public async Task Redirect_R5_CookieSetOnRedirectIsSentOnTheNextHop()
    {
        _server.Given(Request.Create().WithPath("/login")).RespondWith(Response.Create()
            .WithStatusCode(302).WithHeader("Location", "/account").WithHeader("Set-Cookie", "sid=abc; Path=/"));
        await using var session = NewSession();

        await session.GetAsync("/login");

        Assert.Equal("sid=abc", _server.Single("/account").Cookie());
    }

    [Fact]
    public async Task Redirect_R5_ManualCookieHeaderIsNotForwardedToAnotherHost()
    {
        Redirect("/hop", 302, _server.AtOtherHost("/foreign").AbsoluteUri);
        await using var session = NewSession();
        var request = SessionRequest.Get("/hop");
        request.Headers["Cookie"] = "manual=1";

        await session.SendAsync(request);

        Assert.Equal("manual=1", _server.Single("/hop").Cookie());
        Assert.Null(_server.Single("/foreign").Cookie());
    }

    [Fact]
    public async Task Redirect_R6_CustomHeadersSurviveRedirectsAndListedOnesAreStrippedAcrossOrigins()
    {
        Redirect("/same", 302, _server.At("/same2").AbsoluteUri);
        Redirect("/same2", 302, _server.AtOtherHost("/cross").AbsoluteUri);
        await using var session = new Session();
        var request = SessionRequest.Get(_server.At("/same").AbsoluteUri);
        request.Headers["X-Trace"] = "t1";
        request.Headers["X-Api-Key"] = "k1";

        await session.SendAsync(request);

        Assert.Equal("k1", _server.Single("/same2").Header("X-Api-Key"));
        Assert.Equal("t1", _server.Single("/cross").Header("X-Trace"));
        Assert.Null(_server.Single("/cross").Header("X-Api-Key"));
    }

    [Fact]
    public async Task Redirect_R7_HttpsToHttpDowngradeIsRefusedByDefault()
    {
        await using var https = await StartHttpsRedirectTo(new Uri(new Uri(_server.Url!), "/plain"));
        var options = new SessionOptions();
        options.Tls.VerifyCertificates = false;
        await using var session = new Session(options);

        var error = await Assert.ThrowsAsync<RedirectRejectedException>(() => session.GetAsync(https.At("/secure").AbsoluteUri));

        Assert.Contains("downgrade", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests("/plain"));
    }

    [Fact]
    public async Task Redirect_R7_HttpsToHttpDowngradeIsFollowedWhenAllowed()
    {
        _server.Given(Request.Create().WithPath("/plain")).RespondWith(Response.Create().WithBody("landed"));
        await using var https = await StartHttpsRedirectTo(new Uri(new Uri(_server.Url!), "/plain"));
        var options = new SessionOptions();
        options.Tls.VerifyCertificates = false;
        options.Redirects.AllowHttpsToHttp = true;
        await using var session = new Session(options);

        var response = await session.GetAsync(https.At("/secure").AbsoluteUri);

        Assert.Equal("landed", response.Text);
    }

    private static Task<KestrelSite> StartHttpsRedirectTo(Uri target) =>
        KestrelSite.StartAsync(
            app => app.MapGet("/secure", () => Microsoft.AspNetCore.Http.Results.Redirect(target.AbsoluteUri)),
            new TlsSetup(KestrelSite.SelfSignedCertificate()));

    [Fact]
    public async Task Redirect_R8_RelativeLocationIsResolvedAndTheFragmentInherited()
    {
        Redirect("/dir/page", 302, "../other/next");
        await using var session = NewSession();

        var response = await session.GetAsync("/dir/page#section");

        Assert.Equal("/other/next", response.Url.AbsolutePath);
        Assert.Equal("#section", response.Url.Fragment);
        Assert.Single(_server.Requests("/other/next"));
    }

    [Fact]
    public async Task Redirect_R8_LocationFragmentWinsOverTheInheritedOne()
    {
        Redirect("/frag", 302, "/target#own");
        await using var session = NewSession();

        var response = await session.GetAsync("/frag#old");

        Assert.Equal("#own", response.Url.Fragment);
    }

    [Fact]
    public async Task Redirect_R9_ResponseCarriesHistoryAndFinalUrl()
    {
        Redirect("/r1", 301, "/r2");
        Redirect("/r2", 302, "/r3");
        await using var session = NewSession();

        var response = await session.GetAsync("/r1");

        Assert.Equal("/r3", response.Url.AbsolutePath);
        Assert.Equal(["/r1", "/r2"], response.History.Select(h => h.Url.AbsolutePath));
        Assert.Equal([HttpStatusCode.MovedPermanently, HttpStatusCode.Found], response.History.Select(h => h.StatusCode));
        Assert.Equal("/r2", response.History[0].Location.AbsolutePath);
    }

    [Fact]
    public async Task Redirect_R9_ResponseHooksRunOnEveryHop()
    {
        Redirect("/h1", 302, "/h2");
        Redirect("/h2", 307, "/h3");
        var seen = new List<(int Hop, int Status, string Path)>();
        await using var session = NewSession(o => o.ResponseHooks.Add(args =>
        {
            seen.Add((args.Hop, (int)args.Response.StatusCode, args.Url.AbsolutePath));
            return ValueTask.CompletedTask;
        }));

        await session.GetAsync("/h1");

        Assert.Equal([(0, 302, "/h1"), (1, 307, "/h2"), (2, 200, "/h3")], seen);
    }

    [Fact]
    public async Task Redirect_RequestHooksRunOnEveryHopAndMayChangeTheMessage()
    {
        Redirect("/q1", 302, "/q2");
        await using var session = NewSession(o => o.RequestHooks.Add(args =>
        {
            args.Request.Headers.Add("X-Hop", args.Hop.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return ValueTask.CompletedTask;
        }));

        await session.GetAsync("/q1");

        Assert.Equal("0", _server.Single("/q1").Header("X-Hop"));
        Assert.Equal("1", _server.Single("/q2").Header("X-Hop"));
    }

    [Fact]
    public async Task Redirect_NotFollowedWhenTheRequestSaysSo()
    {
        Redirect("/stay", 302, "/gone");
        await using var session = NewSession();

        var response = await session.SendAsync(new SessionRequest(HttpMethod.Get, "/stay") { FollowRedirects = false });

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Empty(_server.Requests("/gone"));
    }

    [Fact]
    public async Task Redirect_ToANonHttpSchemeIsRefused()
    {
        Redirect("/ftp", 302, "ftp://files.test/x");
        await using var session = NewSession();

        await Assert.ThrowsAsync<RedirectRejectedException>(() => session.GetAsync("/ftp"));
    }
}
