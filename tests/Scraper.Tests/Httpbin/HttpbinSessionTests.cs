using System.Net;
using System.Text.Json;
using Scraper.Http;

namespace Scraper.Tests.Httpbin;

/// <summary>The cookie, redirect, auth and gzip behaviours against Debian's httpbin, a server nobody here wrote.</summary>
public sealed class HttpbinSessionTests(HttpbinServer httpbin) : IClassFixture<HttpbinServer>
{
    private Session NewSession(Action<SessionOptions>? configure = null)
    {
        var options = new SessionOptions { BaseAddress = httpbin.Address };
        options.Retry.MaxRetries = 0;
        configure?.Invoke(options);
        return new Session(options);
    }

    private static JsonElement Json(SessionResponse response) => JsonDocument.Parse(response.Body).RootElement;

    [Fact]
    public async Task Httpbin_Cookies_C1_SetOnRedirectAndEchoedBack()
    {
        await using var session = NewSession();

        var response = await session.GetAsync("/cookies/set?flavour=oatmeal&size=large");

        Assert.Equal("/cookies", response.Url.AbsolutePath);
        var cookies = Json(response).GetProperty("cookies");
        Assert.Equal("oatmeal", cookies.GetProperty("flavour").GetString());
        Assert.Equal("large", cookies.GetProperty("size").GetString());
    }

    [Fact]
    public async Task Httpbin_Cookies_C5_DeleteExpiresTheCookie()
    {
        await using var session = NewSession();
        await session.GetAsync("/cookies/set?gone=1&kept=2");

        var response = await session.GetAsync("/cookies/delete?gone");

        var cookies = Json(response).GetProperty("cookies");
        Assert.False(cookies.TryGetProperty("gone", out _));
        Assert.Equal("2", cookies.GetProperty("kept").GetString());
    }

    [Fact]
    public async Task Httpbin_Redirect_R9_RelativeAndAbsoluteChainsAreFollowedWithHistory()
    {
        await using var session = NewSession();

        var relative = await session.GetAsync("/relative-redirect/3");
        var absolute = await session.GetAsync("/absolute-redirect/2");

        Assert.Equal("/get", relative.Url.AbsolutePath);
        Assert.Equal(3, relative.History.Count);
        Assert.Equal("/get", absolute.Url.AbsolutePath);
        Assert.Equal(2, absolute.History.Count);
    }

    [Fact]
    public async Task Httpbin_Redirect_R4_LimitStopsALongChain()
    {
        await using var session = NewSession(o => o.Redirects.MaxRedirects = 3);

        var error = await Assert.ThrowsAsync<TooManyRedirectsException>(() => session.GetAsync("/redirect/6"));

        Assert.Equal(4, error.Chain.Count);
    }

    [Fact]
    public async Task Httpbin_Redirect_R1_PostBecomesGetOn302()
    {
        await using var session = NewSession();

        var response = await session.PostFormAsync("/redirect-to?url=/get&status_code=302", [new("a", "1")]);

        Assert.Equal("/get", response.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Httpbin_Redirect_R2_PostKeepsBodyOn307()
    {
        await using var session = NewSession();

        var response = await session.PostFormAsync("/redirect-to?url=/post&status_code=307", [new("kept", "yes")]);

        Assert.Equal("yes", Json(response).GetProperty("form").GetProperty("kept").GetString());
    }

    [Fact]
    public async Task Httpbin_Auth_A1_BasicAuthFromSessionAndFromUrl()
    {
        await using var session = NewSession(o => o.Auth = SessionAuth.Basic("alice", "wonder"));
        await using var anonymous = NewSession();

        var withSession = await session.GetAsync("/basic-auth/alice/wonder");
        var withUrl = await anonymous.GetAsync(httpbin.At("/basic-auth/bob/builder").AbsoluteUri.Replace("://", "://bob:builder@", StringComparison.Ordinal));
        var without = await anonymous.GetAsync("/basic-auth/alice/wonder");

        Assert.Equal(HttpStatusCode.OK, withSession.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withUrl.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
    }

    [Fact]
    public async Task Httpbin_Auth_A1_BearerToken()
    {
        // httpbin strips the scheme with str.lstrip("Bearer "), which also eats leading letters of that set:
        // a token starting with a digit comes back whole.
        await using var session = NewSession(o => o.Auth = SessionAuth.Bearer("7f3c-token"));

        var response = await session.GetAsync("/bearer");

        Assert.Equal("7f3c-token", Json(response).GetProperty("token").GetString());
    }

    [Fact]
    public async Task Httpbin_Headers_H2_GzipIsDecompressedAndDefaultsAreSent()
    {
        await using var session = NewSession();

        var response = await session.GetAsync("/gzip");

        var json = Json(response);
        Assert.True(json.GetProperty("gzipped").GetBoolean());
        Assert.StartsWith("Scraper/", json.GetProperty("headers").GetProperty("User-Agent").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Httpbin_Headers_H2_DeflateIsDecompressed()
    {
        await using var session = NewSession();

        var response = await session.GetAsync("/deflate");

        Assert.True(Json(response).GetProperty("deflated").GetBoolean());
    }

    [Fact]
    public async Task Httpbin_Retry_T1_ServerErrorIsRetriedForGet()
    {
        var attempts = 0;
        await using var session = NewSession(o =>
        {
            o.Retry.MaxRetries = 2;
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.Retry.OnRetry = _ =>
            {
                attempts++;
                return ValueTask.CompletedTask;
            };
        });

        var response = await session.GetAsync("/status/503");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(2, attempts);
    }
}
