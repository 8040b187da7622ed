using System.Text.Json;
using Scraper.Http;

namespace Scraper.Tests.Httpbin;

/// <summary>
/// Credentials across origins and Digest auth against Debian's httpbin on two loopback ports (A3, A4): a server
/// nobody here wrote decides whether the digest is right and shows what reached the second origin.
/// </summary>
public sealed class HttpbinCredentialTests(HttpbinPair httpbin) : IClassFixture<HttpbinPair>
{
    private static JsonElement Headers(SessionResponse response) => JsonDocument.Parse(response.Body).RootElement.GetProperty("headers");

    private static Session NewSession(Action<SessionOptions>? configure = null)
    {
        var options = new SessionOptions();
        options.Retry.MaxRetries = 0;
        configure?.Invoke(options);
        return new Session(options);
    }

    private Uri RedirectToSecond(string path) =>
        httpbin.First.At("/redirect-to?url=" + Uri.EscapeDataString(httpbin.Second.At(path).AbsoluteUri));

    [Fact]
    public async Task Httpbin_A3_AuthorizationAndCookieSetOnTheSessionDoNotReachTheSecondPort()
    {
        await using var session = NewSession();
        session.Headers["Authorization"] = "Bearer s3cr3t";
        session.Headers["Proxy-Authorization"] = "Basic cHJveHk6cHc=";
        session.Headers["Cookie"] = "hand=set";

        var response = await session.GetAsync(RedirectToSecond("/headers").AbsoluteUri);

        Assert.Equal(httpbin.Second.Address.Port, response.Url.Port);
        var headers = Headers(response);
        Assert.False(headers.TryGetProperty("Authorization", out _));
        Assert.False(headers.TryGetProperty("Proxy-Authorization", out _));
        Assert.False(headers.TryGetProperty("Cookie", out _));
    }

    [Fact]
    public async Task Httpbin_A3_AuthorizationAndCookieSetOnTheRequestDoNotReachTheSecondPort()
    {
        await using var session = NewSession();
        var request = SessionRequest.Get(RedirectToSecond("/headers").AbsoluteUri);
        request.Headers["Authorization"] = "Bearer s3cr3t";
        request.Headers["Cookie"] = "hand=set";
        request.Cookies["own"] = "cookie";

        var response = await session.SendAsync(request);

        var headers = Headers(response);
        Assert.False(headers.TryGetProperty("Authorization", out _));
        Assert.False(headers.TryGetProperty("Cookie", out _));
    }

    [Fact]
    public async Task Httpbin_A3_SameHeadersOnTheFirstPortAreEchoed()
    {
        await using var session = NewSession();
        session.Headers["Authorization"] = "Bearer s3cr3t";
        session.Headers["Cookie"] = "hand=set";

        var response = await session.GetAsync(httpbin.First.At("/redirect-to?url=/headers").AbsoluteUri);

        var headers = Headers(response);
        Assert.Equal("Bearer s3cr3t", headers.GetProperty("Authorization").GetString());
        Assert.Equal("hand=set", headers.GetProperty("Cookie").GetString());
    }
}
