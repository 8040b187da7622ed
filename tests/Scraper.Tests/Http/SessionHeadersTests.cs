using System.IO.Compression;
using Scraper.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

public sealed class SessionHeadersTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public SessionHeadersTests()
    {
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Headers_H1_RequestHeaderWinsOverSessionHeaderCaseInsensitively()
    {
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        options.DefaultHeaders["X-Client"] = "session";
        await using var session = new Session(options);
        var request = SessionRequest.Get("/a");
        request.Headers["x-client"] = "request";

        await session.SendAsync(request);

        Assert.Equal("request", _server.Single("/a").Header("X-Client"));
    }

    [Fact]
    public async Task Headers_H1_NullRequestHeaderRemovesSessionHeader()
    {
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        options.DefaultHeaders["X-Client"] = "session";
        await using var session = new Session(options);
        var request = SessionRequest.Get("/a");
        request.Headers["X-CLIENT"] = null;

        await session.SendAsync(request);

        Assert.Null(_server.Single("/a").Header("X-Client"));
    }

    [Fact]
    public async Task Headers_H1_SessionHeadersChangedAtRunTimeApplyToLaterRequests()
    {
        await using var session = new Session(new SessionOptions { BaseAddress = new Uri(_server.Url!) });
        session.Headers["X-Run"] = "one";
        await session.GetAsync("/one");
        session.Headers["X-Run"] = "two";
        await session.GetAsync("/two");
        session.Headers.Remove("X-Run");
        await session.GetAsync("/three");

        Assert.Equal("one", _server.Single("/one").Header("X-Run"));
        Assert.Equal("two", _server.Single("/two").Header("X-Run"));
        Assert.Null(_server.Single("/three").Header("X-Run"));
    }

    [Fact]
    public async Task Headers_H2_DefaultsNameScraperAndAskForCompression()
    {
        await using var session = new Session(new SessionOptions { BaseAddress = new Uri(_server.Url!) });

        await session.GetAsync("/defaults");

        var entry = _server.Single("/defaults");
        Assert.StartsWith("Scraper/", entry.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Contains("text/html", entry.Header("Accept"), StringComparison.Ordinal);
        Assert.Equal("gzip, deflate, br", entry.Header("Accept-Encoding"));
    }

    [Fact]
    public async Task Headers_H2_GzipBodyIsDecompressed()
    {
        var page = "<html><body>" + string.Concat(Enumerable.Repeat("compressed ", 200)) + "</body></html>";
        _server.Given(Request.Create().WithPath("/gzip")).RespondWith(Response.Create()
            .WithHeader("Content-Encoding", "gzip").WithHeader("Content-Type", "text/html; charset=utf-8").WithBody(Gzip(page)));
        await using var session = new Session(new SessionOptions { BaseAddress = new Uri(_server.Url!) });

        var response = await session.GetAsync("/gzip");

        Assert.Equal(page, response.Text);
    }

    [Fact]
    public async Task Params_P1_SessionAndRequestParamsAppendToExistingQueryAndRepeatKeys()
    {
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        options.DefaultParams.Add(new("api", "k1"));
        options.DefaultParams.Add(new("lang", "en"));
        await using var session = new Session(options);
        var request = SessionRequest.Get("/search?x=1");
        request.Params.Add(new("a", "1"));
        request.Params.Add(new("a", "2"));
        request.Params.Add(new("lang", null));
        request.Params.Add(new("q", "two words"));

        var response = await session.SendAsync(request);

        Assert.Equal("?x=1&api=k1&a=1&a=2&q=two+words", response.Url.Query);
    }

    [Fact]
    public async Task Params_P1_RequestValueReplacesSessionValueOfSameName()
    {
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        options.DefaultParams.Add(new("page", "1"));
        await using var session = new Session(options);
        var request = SessionRequest.Get("/list");
        request.Params.Add(new("page", "7"));

        var response = await session.SendAsync(request);

        Assert.Equal("?page=7", response.Url.Query);
    }

    internal static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
