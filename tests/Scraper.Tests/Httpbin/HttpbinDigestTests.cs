using System.Net;
using System.Text.Json;
using Scraper.Http;

namespace Scraper.Tests.Httpbin;

/// <summary>
/// A4: <see cref="SessionAuth.Digest"/> against Debian's httpbin, which checks the digest itself. Round trips are
/// counted with a response hook (it runs once per response on the wire).
/// </summary>
public sealed class HttpbinDigestTests(HttpbinPair httpbin) : IClassFixture<HttpbinPair>
{
    private int _roundTrips;

    private Session NewSession(SessionAuth auth)
    {
        var options = new SessionOptions { Auth = auth };
        options.Retry.MaxRetries = 0;
        options.ResponseHooks.Add(_ =>
        {
            Interlocked.Increment(ref _roundTrips);
            return ValueTask.CompletedTask;
        });
        return new Session(options);
    }

    private int TakeRoundTrips() => Interlocked.Exchange(ref _roundTrips, 0);

    [Theory]
    [InlineData("/digest-auth/auth/user/passwd/MD5")]
    [InlineData("/digest-auth/auth/user/passwd/SHA-256")]
    [InlineData("/digest-auth/auth-int/user/passwd/MD5")]
    [InlineData("/digest-auth/auth-int/user/passwd/SHA-256")]
    [InlineData("/digest-auth/auth/user/passwd/SHA-512")]
    public async Task Httpbin_A4_DigestPassesWithOneExtraRoundTripPerNonce(string path)
    {
        await using var session = NewSession(SessionAuth.Digest("user", "passwd"));

        var first = await session.GetAsync(httpbin.First.At(path).AbsoluteUri);
        var firstTrips = TakeRoundTrips();
        for (var i = 0; i < 3; i++)
        {
            var next = await session.GetAsync(httpbin.First.At(path).AbsoluteUri);
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(JsonDocument.Parse(first.Body).RootElement.GetProperty("authenticated").GetBoolean());
        Assert.Equal(2, firstTrips);
        Assert.Equal(3, TakeRoundTrips());
    }

    [Fact]
    public async Task Httpbin_A4_StaleNonceIsRetriedOnceWithTheNewNonce()
    {
        // stale_after=1: httpbin answers "stale=true" to the request after each successful one.
        var url = httpbin.First.At("/digest-auth/auth/user/passwd/MD5/1").AbsoluteUri;
        await using var session = NewSession(SessionAuth.Digest("user", "passwd"));

        var first = await session.GetAsync(url);
        var firstTrips = TakeRoundTrips();
        var afterStale = await session.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, firstTrips);
        Assert.Equal(HttpStatusCode.OK, afterStale.StatusCode);
        Assert.Equal(2, TakeRoundTrips());
    }

    [Fact]
    public async Task Httpbin_A4_WrongPasswordReturnsThe401WithoutLooping()
    {
        await using var session = NewSession(SessionAuth.Digest("user", "wrong"));

        var first = await session.GetAsync(httpbin.First.At("/digest-auth/auth/user/passwd/MD5").AbsoluteUri);
        var firstTrips = TakeRoundTrips();
        var second = await session.GetAsync(httpbin.First.At("/digest-auth/auth/user/passwd/MD5").AbsoluteUri);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(2, firstTrips);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(2, TakeRoundTrips());
    }

    [Fact]
    public async Task Httpbin_A4_DigestIsNeverSentToAnotherOriginOnRedirect()
    {
        await using var session = NewSession(SessionAuth.Digest("user", "passwd"));
        await session.GetAsync(httpbin.First.At("/digest-auth/auth/user/passwd/MD5").AbsoluteUri);
        var away = httpbin.First.At("/redirect-to?url=" + Uri.EscapeDataString(httpbin.Second.At("/headers").AbsoluteUri));
        var challengedAway = httpbin.First.At("/redirect-to?url=" + Uri.EscapeDataString(httpbin.Second.At("/digest-auth/auth/user/passwd/MD5").AbsoluteUri));

        var headers = await session.GetAsync(away.AbsoluteUri);
        var challenged = await session.GetAsync(challengedAway.AbsoluteUri);

        Assert.False(JsonDocument.Parse(headers.Body).RootElement.GetProperty("headers").TryGetProperty("Authorization", out _));
        Assert.Equal(httpbin.Second.Address.Port, challenged.Url.Port);
        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
    }
}
