using System.Text;
using Scraper.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

public sealed class SessionAuthTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public SessionAuthTests()
    {
        _server.Given(Request.Create().UsingAnyMethod()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
    }

    public void Dispose() => _server.Dispose();

    private Uri Local(string path) => _server.At(path);

    private Uri Other(string path) => _server.AtOtherHost(path);

    [Fact]
    public async Task Auth_A1_SessionAuthIsSentOnEveryRequest()
    {
        await using var session = new Session(new SessionOptions { Auth = SessionAuth.Bearer("t0ken") });

        await session.GetAsync(Local("/one").AbsoluteUri);
        await session.GetAsync(Local("/two").AbsoluteUri);

        Assert.Equal("Bearer t0ken", _server.Single("/one").Header("Authorization"));
        Assert.Equal("Bearer t0ken", _server.Single("/two").Header("Authorization"));
    }

    [Fact]
    public async Task Auth_A1_RequestAuthOverridesSessionAuth()
    {
        await using var session = new Session(new SessionOptions { Auth = SessionAuth.Bearer("session") });
        var request = SessionRequest.Get(Local("/own").AbsoluteUri);
        request.Auth = SessionAuth.Basic("user", "pass");

        await session.SendAsync(request);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pass")), _server.Single("/own").Header("Authorization"));
    }

    [Fact]
    public async Task Auth_A1_UserInfoInUrlIsUsedWhenNoAuthIsGivenAndNotSentInTheUrl()
    {
        await using var session = new Session();
        var url = Local("/userinfo").AbsoluteUri.Replace("://", "://alice:s%3Acret@", StringComparison.Ordinal);

        var response = await session.GetAsync(url);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s:cret")), _server.Single("/userinfo").Header("Authorization"));
        Assert.Empty(response.Url.UserInfo);
    }

    [Fact]
    public async Task Auth_A1_AuthSetAtRunTimeAppliesToLaterRequests()
    {
        await using var session = new Session();
        await session.GetAsync(Local("/before").AbsoluteUri);
        session.Auth = SessionAuth.Bearer("fresh");
        await session.GetAsync(Local("/after").AbsoluteUri);

        Assert.Null(_server.Single("/before").Header("Authorization"));
        Assert.Equal("Bearer fresh", _server.Single("/after").Header("Authorization"));
    }

    [Fact]
    public async Task Auth_A2_AuthorizationIsKeptOnSameOriginRedirect()
    {
        _server.Given(Request.Create().WithPath("/start")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "/landing"));
        await using var session = new Session(new SessionOptions { Auth = SessionAuth.Bearer("keep") });

        await session.GetAsync(Local("/start").AbsoluteUri);

        Assert.Equal("Bearer keep", _server.Single("/landing").Header("Authorization"));
    }

    [Fact]
    public async Task Auth_A2_AuthorizationIsDroppedWhenTheRedirectChangesHost()
    {
        _server.Given(Request.Create().WithPath("/start")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", Other("/elsewhere").AbsoluteUri));
        await using var session = new Session(new SessionOptions { Auth = SessionAuth.Bearer("secret") });

        await session.GetAsync(Local("/start").AbsoluteUri);

        Assert.Equal("Bearer secret", _server.Single("/start").Header("Authorization"));
        Assert.Null(_server.Single("/elsewhere").Header("Authorization"));
    }

    [Fact]
    public async Task Auth_A2_AuthorizationStaysDroppedWhenTheChainComesBack()
    {
        _server.Given(Request.Create().WithPath("/start")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", Other("/away").AbsoluteUri));
        _server.Given(Request.Create().WithPath("/away")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", Local("/back").AbsoluteUri));
        await using var session = new Session(new SessionOptions { Auth = SessionAuth.Bearer("secret") });

        await session.GetAsync(Local("/start").AbsoluteUri);

        Assert.Null(_server.Single("/back").Header("Authorization"));
    }

    [Fact]
    public async Task Auth_A2_AuthorizationIsDroppedWhenThePortChanges()
    {
        using var other = WireMockServer.Start();
        other.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200));
        var target = other.At("/port");
        _server.Given(Request.Create().WithPath("/start")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", target.AbsoluteUri));
        await using var session = new Session(new SessionOptions { Auth = SessionAuth.Basic("u", "p") });

        await session.GetAsync(Local("/start").AbsoluteUri);

        Assert.Null(other.Single("/port").Header("Authorization"));
    }

    [Fact]
    public void Auth_A2_HttpToHttpsUpgradeOnDefaultPortsKeepsCredentials()
    {
        Assert.True(RedirectPolicy.IsSameOriginForCredentials(new Uri("http://shop.test/a"), new Uri("https://shop.test/b")));
        Assert.False(RedirectPolicy.IsSameOriginForCredentials(new Uri("http://shop.test:8080/a"), new Uri("https://shop.test/b")));
        Assert.False(RedirectPolicy.IsSameOriginForCredentials(new Uri("https://shop.test/a"), new Uri("http://shop.test/b")));
        Assert.False(RedirectPolicy.IsSameOriginForCredentials(new Uri("https://shop.test/a"), new Uri("https://api.shop.test/b")));
    }

    [Fact]
    public void Auth_ToStringNeverShowsTheSecret()
    {
        Assert.Equal("Bearer ***", SessionAuth.Bearer("abc123").ToString());
        Assert.DoesNotContain("pw", SessionAuth.Basic("user", "pw").ToString(), StringComparison.Ordinal);
    }
}
