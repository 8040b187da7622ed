using System.Net;
using System.Security.Cryptography;
using System.Text;
using Scraper.Http.Auth;

namespace Scraper.Tests.Http.Auth;

/// <summary>A4 against the worked examples of RFC 7616 §3.9.1, and the -sess variants computed by the RFC's formula.</summary>
public sealed class DigestCredentialsTests
{
    private const string Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string ClientNonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private const string Opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    private static readonly Uri Url = new("http://www.example.org/dir/index.html");

    private static DigestCredentials Challenged(string algorithm, bool stale = false)
    {
        var credentials = new DigestCredentials("Mufasa", "Circle of Life", () => ClientNonce);
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate",
            $"Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={algorithm}, nonce=\"{Nonce}\", opaque=\"{Opaque}\"{(stale ? ", stale=TRUE" : string.Empty)}");
        Assert.True(credentials.Accept(response, Url, out _));
        return credentials;
    }

    private static string Parameter(string header, string name)
    {
        var start = header.IndexOf(name + "=", StringComparison.Ordinal) + name.Length + 1;
        var value = header[start..].Split(',')[0];
        return value.Trim('"');
    }

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Digest_A4_ResponseMatchesTheRfc7616Example(string algorithm, string expected)
    {
        var header = Challenged(algorithm).Authorize(HttpMethod.Get, Url, content: null)!;

        Assert.Equal("Digest", header.Scheme);
        Assert.Equal(expected, Parameter(header.Parameter!, "response"));
        Assert.Equal("00000001", Parameter(header.Parameter!, "nc"));
        Assert.Equal(Opaque, Parameter(header.Parameter!, "opaque"));
        Assert.Equal("auth", Parameter(header.Parameter!, "qop"));
    }

    [Theory]
    [InlineData("MD5-sess")]
    [InlineData("SHA-256-sess")]
    public void Digest_A4_SessVariantsHashTheNonceAndClientNonceIntoHa1(string algorithm)
    {
        Func<string, string> h = algorithm.StartsWith("MD5", StringComparison.Ordinal)
#pragma warning disable CA5351 // the RFC's algorithm, recomputed to check the client
            ? text => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)))
#pragma warning restore CA5351
            : text => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var ha1 = h($"{h("Mufasa:http-auth@example.org:Circle of Life")}:{Nonce}:{ClientNonce}");
        var expected = h($"{ha1}:{Nonce}:00000001:{ClientNonce}:auth:{h("GET:/dir/index.html")}");

        var header = Challenged(algorithm).Authorize(HttpMethod.Get, Url, content: null)!;

        Assert.Equal(expected, Parameter(header.Parameter!, "response"));
        Assert.Equal(algorithm, Parameter(header.Parameter!, "algorithm"));
    }

    [Fact]
    public void Digest_A4_NonceCountIncrementsPerRequestAndRestartsWithANewNonce()
    {
        var credentials = Challenged("MD5");

        var counts = Enumerable.Range(0, 3).Select(_ => Parameter(credentials.Authorize(HttpMethod.Get, Url, null)!.Parameter!, "nc")).ToList();
        using var stale = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        stale.Headers.TryAddWithoutValidation("WWW-Authenticate", "Digest realm=\"r\", nonce=\"fresh\", qop=\"auth\", stale=true");
        credentials.Accept(stale, Url, out _);
        var afterNewNonce = credentials.Authorize(HttpMethod.Get, Url, null)!.Parameter!;

        Assert.Equal(["00000001", "00000002", "00000003"], counts);
        Assert.Equal("00000001", Parameter(afterNewNonce, "nc"));
        Assert.Equal("fresh", Parameter(afterNewNonce, "nonce"));
    }

    [Theory]
    [InlineData("Digest realm=\"r\", nonce=\"a\r\nX-Injected: 1\", qop=\"auth\"")]
    [InlineData("Digest realm=\"r\u0000\", nonce=\"n\", qop=\"auth\"")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", opaque=\"o\\\"x\", qop=\"auth\"")]
    public void Digest_A4_H3_ChallengeThatWouldInjectIsIgnored(string challenge)
    {
        var credentials = new DigestCredentials("u", "p");
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", challenge);

        Assert.False(credentials.Accept(response, Url, out var problem));
        Assert.NotNull(problem);
        Assert.Null(credentials.Authorize(HttpMethod.Get, Url, null));
    }

    [Fact]
    public void Digest_A4_ChallengeOfOneOriginIsNotUsedForAnother()
    {
        var credentials = Challenged("MD5");

        Assert.Null(credentials.Authorize(HttpMethod.Get, new Uri("http://www.example.org:8080/dir/index.html"), null));
        Assert.Null(credentials.Authorize(HttpMethod.Get, new Uri("http://evil.test/dir/index.html"), null));
    }
}
