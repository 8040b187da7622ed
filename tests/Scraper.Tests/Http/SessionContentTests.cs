using System.Text;
using System.Text.Json.Serialization;
using Scraper.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

public sealed class SessionContentTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Dispose();

    private Session NewSession() => new(new SessionOptions { BaseAddress = new Uri(_server.Url!) });

    private sealed record Product(int Id, string Name, decimal Price);

    [Fact]
    public async Task Json_GetJsonDeserializesWithWebDefaults()
    {
        _server.Given(Request.Create().WithPath("/api/product")).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json").WithBody("""{"id":7,"name":"Kettle","price":19.5}"""));
        await using var session = NewSession();

        var product = await session.GetJsonAsync<Product>("/api/product");

        Assert.Equal(new Product(7, "Kettle", 19.5m), product);
        Assert.Equal("application/json", _server.Single("/api/product").Header("Accept"));
    }

    [Fact]
    public async Task Json_PostJsonSendsCamelCaseUtf8()
    {
        _server.Given(Request.Create().WithPath("/api/products")).RespondWith(Response.Create().WithStatusCode(201));
        await using var session = NewSession();

        await session.PostJsonAsync("/api/products", new Product(1, "Lamp", 5m));

        var entry = _server.Single("/api/products");
        Assert.Equal("""{"id":1,"name":"Lamp","price":5}""", entry.RequestMessage!.Body);
        Assert.Equal("application/json; charset=utf-8", entry.Header("Content-Type"));
    }

    [Fact]
    public async Task Json_HelpersUseOnlyTheMetadataTheOptionsGive()
    {
        // What a native AOT executable does: no reflection, a source-generated context in the session's options.
        _server.Given(Request.Create().WithPath("/api/part")).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json").WithBody("""{"id":3,"label":"Bolt"}"""));
        _server.Given(Request.Create().WithPath("/api/parts")).RespondWith(Response.Create().WithStatusCode(201));
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        options.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, GeneratedPartJson.Default);
        await using var session = new Session(options);

        Assert.Equal(new GeneratedPart(3, "Bolt"), await session.GetJsonAsync<GeneratedPart>("/api/part"));
        await session.PostJsonAsync("/api/parts", new GeneratedPart(4, "Nut"));
        Assert.Equal("""{"id":4,"label":"Nut"}""", _server.Single("/api/parts").RequestMessage!.Body);
        Assert.True(options.JsonSerializerOptions.IsReadOnly);
    }

    [Fact]
    public async Task Json_ATypeTheContextDoesNotListIsNamedInTheError()
    {
        _server.Given(Request.Create().WithPath("/api/product")).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json").WithBody("""{"id":7,"name":"Kettle","price":19.5}"""));
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        options.JsonSerializerOptions.TypeInfoResolver = GeneratedPartJson.Default;
        await using var session = new Session(options);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => session.GetJsonAsync<Product>("/api/product"));

        Assert.Contains(nameof(Product), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_PostFormEncodesLikeABrowser()
    {
        _server.Given(Request.Create().WithPath("/form")).RespondWith(Response.Create().WithStatusCode(200));
        await using var session = NewSession();

        await session.PostFormAsync("/form", [new("q", "a b&c"), new("tag", "x"), new("tag", "y"), new("name", "José")]);

        var entry = _server.Single("/form");
        Assert.Equal("q=a+b%26c&tag=x&tag=y&name=Jos%C3%A9", entry.RequestMessage!.Body);
        Assert.Equal("application/x-www-form-urlencoded", entry.Header("Content-Type"));
    }

    [Fact]
    public async Task Forms_PostMultipartSendsFieldsAndFiles()
    {
        _server.Given(Request.Create().WithPath("/upload")).RespondWith(Response.Create().WithStatusCode(200));
        await using var session = NewSession();

        await session.PostMultipartAsync("/upload", [MultipartField.Text("title", "Report"), MultipartField.File("file", "r.txt", "hello"u8.ToArray(), "text/plain")]);

        var entry = _server.Single("/upload");
        var body = entry.RequestMessage!.Body!;
        Assert.StartsWith("multipart/form-data; boundary=", entry.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("Content-Disposition: form-data; name=\"title\"\r\n\r\nReport\r\n", body, StringComparison.Ordinal);
        Assert.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"r.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decoding_TextUsesTheHttpCharset()
    {
        var cyrillic = Encoding.GetEncoding("windows-1251").GetBytes("<p>Привет</p>");
        _server.Given(Request.Create().WithPath("/ru")).RespondWith(Response.Create()
            .WithHeader("Content-Type", "text/html; charset=windows-1251").WithBody(cyrillic));
        await using var session = NewSession();

        var response = await session.GetAsync("/ru");

        Assert.Equal("<p>Привет</p>", response.Text);
        Assert.Equal(1251, response.Encoding.CodePage);
    }

    [Fact]
    public async Task Decoding_DocumentKnowsItsFinalUrlAndResolvesLinks()
    {
        _server.Given(Request.Create().WithPath("/old")).RespondWith(Response.Create().WithStatusCode(301).WithHeader("Location", "/catalog/page1"));
        _server.Given(Request.Create().WithPath("/catalog/page1")).RespondWith(Response.Create()
            .WithHeader("Content-Type", "text/html").WithBody("<a id=next href='page2'>next</a>"));
        await using var session = NewSession();

        var document = await session.GetDocumentAsync("/old");

        Assert.Equal(new Uri(new Uri(_server.Url!), "/catalog/page1").AbsoluteUri, document.Url);
        Assert.Equal(new Uri(new Uri(_server.Url!), "/catalog/page2").AbsoluteUri, ((AngleSharp.Html.Dom.IHtmlAnchorElement)document.GetElementById("next")!).Href);
    }

    [Fact]
    public async Task Csrf_CookieToHeaderCopiesTheXsrfTokenOnUnsafeRequestsWhenEnabled()
    {
        _server.Given(Request.Create().WithPath("/spa")).RespondWith(Response.Create().WithHeader("Set-Cookie", "XSRF-TOKEN=abc%3D%3D; Path=/"));
        _server.Given(Request.Create().WithPath("/api/save")).RespondWith(Response.Create().WithStatusCode(200));
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        options.Csrf.CookieToHeader = true;
        await using var session = new Session(options);

        await session.GetAsync("/spa");
        await session.GetAsync("/api/save");
        await session.PostJsonAsync("/api/save", new { a = 1 });

        var saves = _server.Requests("/api/save");
        Assert.Null(saves[0].Header("X-XSRF-TOKEN"));
        Assert.Equal("abc==", saves[1].Header("X-XSRF-TOKEN"));
    }

    [Fact]
    public async Task Csrf_CookieToHeaderIsOffByDefault()
    {
        _server.Given(Request.Create().WithPath("/spa")).RespondWith(Response.Create().WithHeader("Set-Cookie", "XSRF-TOKEN=abc; Path=/"));
        _server.Given(Request.Create().WithPath("/api/save")).RespondWith(Response.Create().WithStatusCode(200));
        await using var session = NewSession();

        await session.GetAsync("/spa");
        await session.PostJsonAsync("/api/save", new { a = 1 });

        Assert.Null(_server.Single("/api/save").Header("X-XSRF-TOKEN"));
    }

    [Fact]
    public async Task Csrf_MetaTokenIsSentOnLaterUnsafeRequestsToTheSameOriginWhenEnabled()
    {
        _server.Given(Request.Create().WithPath("/page")).RespondWith(Response.Create()
            .WithHeader("Content-Type", "text/html").WithBody("<head><meta name='csrf-token' content='meta-123'></head>"));
        _server.Given(Request.Create().WithPath("/api/like")).RespondWith(Response.Create().WithStatusCode(200));
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        options.Csrf.MetaToken = true;
        await using var session = new Session(options);

        await session.GetDocumentAsync("/page");
        await session.PostJsonAsync("/api/like", new { id = 1 });

        Assert.Equal("meta-123", _server.Single("/api/like").Header("X-CSRF-Token"));
    }
}

internal sealed record GeneratedPart(int Id, string Label);

[JsonSerializable(typeof(GeneratedPart))]
internal sealed partial class GeneratedPartJson : JsonSerializerContext;
