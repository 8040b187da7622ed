using Scraper.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

/// <summary>A3: credential headers follow A2 whatever set them: dropped when a redirect changes host, scheme or port.</summary>
public sealed class SessionCredentialHeaderTests : IDisposable
{
    private readonly WireMockServer _first = WireMockServer.Start();
    private readonly WireMockServer _second = WireMockServer.Start();

    public SessionCredentialHeaderTests()
    {
        _first.Given(Request.Create().UsingAnyMethod()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(200).WithBody("first"));
        _second.Given(Request.Create().UsingAnyMethod()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(200).WithBody("second"));
        _first.Given(Request.Create().WithPath("/away")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", _second.At("/landing").AbsoluteUri));
        _first.Given(Request.Create().WithPath("/stay")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "/home"));
        _first.Given(Request.Create().WithPath("/other-host")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", _first.AtOtherHost("/elsewhere").AbsoluteUri));
    }

    public static TheoryData<string, string, bool> CredentialHeaders() => new()
    {
        { "Authorization", "Bearer s3cr3t", true },
        { "Authorization", "Bearer s3cr3t", false },
        { "Proxy-Authorization", "Basic cHJveHk6cHc=", true },
        { "Proxy-Authorization", "Basic cHJveHk6cHc=", false },
        { "Cookie", "hand=set", true },
        { "Cookie", "hand=set", false },
    };

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    private static async Task<Session> SessionWithAsync(string header, string value, bool onSession, Func<Session, SessionRequest, Task> send, string url)
    {
        var session = new Session();
        var request = SessionRequest.Get(url);
        if (onSession)
        {
            session.Headers[header] = value;
        }
        else
        {
            request.Headers[header] = value;
        }

        await send(session, request);
        return session;
    }

    [Theory]
    [MemberData(nameof(CredentialHeaders))]
    public async Task Redirect_A3_CredentialHeaderIsDroppedWhenThePortChanges(string header, string value, bool onSession)
    {
        await using var session = await SessionWithAsync(header, value, onSession, (s, r) => s.SendAsync(r), _first.At("/away").AbsoluteUri);

        Assert.Equal(value, _first.Single("/away").Header(header));
        Assert.Null(_second.Single("/landing").Header(header));
    }

    [Theory]
    [MemberData(nameof(CredentialHeaders))]
    public async Task Redirect_A3_CredentialHeaderIsDroppedWhenTheHostChanges(string header, string value, bool onSession)
    {
        await using var session = await SessionWithAsync(header, value, onSession, (s, r) => s.SendAsync(r), _first.At("/other-host").AbsoluteUri);

        Assert.Null(_first.Single("/elsewhere").Header(header));
    }

    [Theory]
    [MemberData(nameof(CredentialHeaders))]
    public async Task Redirect_A3_CredentialHeaderIsKeptOnASameOriginRedirect(string header, string value, bool onSession)
    {
        await using var session = await SessionWithAsync(header, value, onSession, (s, r) => s.SendAsync(r), _first.At("/stay").AbsoluteUri);

        Assert.Equal(value, _first.Single("/home").Header(header));
    }

    [Fact]
    public async Task Redirect_A3_SessionHeaderIsStillSentToTheOtherOriginOnItsOwnRequests()
    {
        await using var session = new Session();
        session.Headers["Authorization"] = "Bearer s3cr3t";

        await session.GetAsync(_first.At("/away").AbsoluteUri);
        await session.GetAsync(_second.At("/direct").AbsoluteUri);

        Assert.Null(_second.Single("/landing").Header("Authorization"));
        Assert.Equal("Bearer s3cr3t", _second.Single("/direct").Header("Authorization"));
    }
}
