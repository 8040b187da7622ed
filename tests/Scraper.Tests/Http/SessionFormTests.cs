using System.Net;
using System.Text;
using Scraper.Forms;
using Scraper.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

public sealed class SessionFormTests : IDisposable
{
    private const string LoginPage = """
        <html><head><meta name="csrf-token" content="meta-token"></head><body>
        <form action="/session" method="post">
          <input type="hidden" name="authenticity_token" value="form-token">
          <input name="login"><input type="password" name="password">
          <input type="checkbox" name="remember" value="yes">
          <button name="commit" value="Sign in">Sign in</button>
        </form></body></html>
        """;

    private readonly WireMockServer _server = WireMockServer.Start();

    public SessionFormTests() =>
        _server.Given(Request.Create().WithPath("/login")).RespondWith(Response.Create()
            .WithHeader("Content-Type", "text/html; charset=utf-8").WithHeader("Set-Cookie", "visitor=v1; Path=/").WithBody(LoginPage));

    public void Dispose() => _server.Dispose();

    private Session NewSession(Action<SessionOptions>? configure = null)
    {
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        configure?.Invoke(options);
        return new Session(options);
    }

    [Fact]
    public async Task Forms_LoginFormIsSubmittedWithItsHiddenTokenCookiesAndReferer()
    {
        _server.Given(Request.Create().WithPath("/session").UsingPost()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "/account"));
        _server.Given(Request.Create().WithPath("/account")).RespondWith(Response.Create().WithBody("welcome"));
        await using var session = NewSession();
        var page = await session.GetDocumentAsync("/login");

        var response = await session.SubmitFormAsync(page, new Dictionary<string, string?> { ["login"] = "ann", ["password"] = "p@ss word", ["remember"] = "true" });

        Assert.Equal("welcome", response.Text);
        var post = _server.Single("/session");
        Assert.Equal("authenticity_token=form-token&login=ann&password=p%40ss+word&remember=yes&commit=Sign+in", post.RequestMessage!.Body);
        Assert.Equal("visitor=v1", post.Header("Cookie"));
        Assert.Equal(_server.At("/login").AbsoluteUri, post.Header("Referer"));
        Assert.StartsWith("application/x-www-form-urlencoded", post.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_LoginPostIsNeverRetried()
    {
        _server.Given(Request.Create().WithPath("/session").UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        await using var session = NewSession(o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1));
        var page = await session.GetDocumentAsync("/login");

        var response = await session.SubmitFormAsync(page, new Dictionary<string, string?> { ["login"] = "ann", ["password"] = "x" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(_server.Requests("/session"));
    }

    [Fact]
    public async Task Forms_MetaCsrfTokenIsSentOnUnsafeRequestsWhenEnabled()
    {
        _server.Given(Request.Create().WithPath("/api/cart").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var session = NewSession(o => o.Csrf.MetaToken = true);
        await session.GetDocumentAsync("/login");

        await session.PostJsonAsync("/api/cart", new { sku = 1 });
        await session.GetAsync("/login");

        Assert.Equal("meta-token", _server.Single("/api/cart").Header("X-CSRF-Token"));
        Assert.All(_server.Requests("/login"), entry => Assert.Null(entry.Header("X-CSRF-Token")));
    }

    [Fact]
    public async Task Forms_PageInALegacyCharsetSubmitsInThatCharset()
    {
        var windows1251 = Scraper.Parsing.CharsetDetector.GetEncoding("windows-1251")!;
        _server.Given(Request.Create().WithPath("/ru")).RespondWith(Response.Create().WithHeader("Content-Type", "text/html")
            .WithBody(windows1251.GetBytes("<meta charset=windows-1251><form method=post action=/ru/search><input name=q value='Москва'></form>")));
        _server.Given(Request.Create().WithPath("/ru/search").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var session = NewSession();
        var page = await session.GetDocumentAsync("/ru");

        await session.SubmitFormAsync(page);

        Assert.Equal("q=%CC%EE%F1%EA%E2%E0", Encoding.ASCII.GetString(_server.Single("/ru/search").RequestMessage!.BodyAsBytes!));
    }

    [Fact]
    public async Task Forms_UnknownFieldFailsBeforeAnythingIsSent()
    {
        await using var session = NewSession();
        var page = await session.GetDocumentAsync("/login");

        var error = await Assert.ThrowsAsync<FormException>(() => session.SubmitFormAsync(page, new Dictionary<string, string?> { ["user"] = "ann" }));

        Assert.Contains("'user'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests("/session"));
    }
}
