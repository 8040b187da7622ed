using System.Text;
using Scraper.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

/// <summary>H3 and H4: nothing a caller or a server supplies can add a header or break the request line.</summary>
public sealed class SessionHeaderInjectionTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public SessionHeaderInjectionTests()
    {
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
    }

    /// <summary>CR, LF, CR LF, NUL, every other C0 control but tab, and DEL.</summary>
    public static TheoryData<string> Controls()
    {
        var data = new TheoryData<string> { "\r\n" };
        foreach (var c in Enumerable.Range(0, 32).Where(c => c != '\t').Append(0x7f))
        {
            data.Add(((char)c).ToString());
        }

        return data;
    }

    public void Dispose() => _server.Dispose();

    private Session NewSession(Action<SessionOptions>? configure = null)
    {
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        configure?.Invoke(options);
        return new Session(options);
    }

    /// <summary>The request's header lines as they were on the wire (the body after the blank line is left out).</summary>
    private static string[] HeaderLines(string head) => head[..head.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");

    private static string Injected(string control) => "a" + control + "X-Injected: 1";

    private static void AssertNamesHeaderNotValue(InvalidHeaderException error, string header)
    {
        Assert.Equal(header, error.HeaderName);
        Assert.Contains(header, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Injected", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Headers_H3_SessionHeaderWithControlIsRejectedWhenSet(string control)
    {
        await using var session = NewSession();

        var error = Assert.Throws<InvalidHeaderException>(() => session.Headers["X-Token"] = Injected(control));

        AssertNamesHeaderNotValue(error, "X-Token");
        Assert.Null(session.Headers["X-Token"]);
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public void Headers_H3_RequestHeaderWithControlIsRejectedWhenSet(string control)
    {
        var request = SessionRequest.Get("/a");

        var error = Assert.Throws<InvalidHeaderException>(() => request.Headers["X-Token"] = Injected(control));

        AssertNamesHeaderNotValue(error, "X-Token");
        Assert.Empty(request.Headers);
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public void Headers_H3_HeaderNameWithControlIsRejectedWhenSet(string control)
    {
        var request = SessionRequest.Get("/a");
        var options = new SessionOptions();

        Assert.Throws<InvalidHeaderException>(() => request.Headers["X-A" + control + "X-Injected"] = "1");
        Assert.Throws<InvalidHeaderException>(() => request.Headers["X-A" + control] = null);
        Assert.Throws<InvalidHeaderException>(() => options.DefaultHeaders["X-A" + control + "B"] = "1");
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public void Headers_H3_DefaultHeaderOptionWithControlIsRejectedWhenSet(string control)
    {
        var options = new SessionOptions();

        var error = Assert.Throws<InvalidHeaderException>(() => options.DefaultHeaders["Authorization"] = "Bearer " + Injected(control));

        AssertNamesHeaderNotValue(error, "Authorization");
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Headers_H3_CookieWithControlIsRejectedWhenSet(string control)
    {
        await using var session = NewSession();
        var request = SessionRequest.Get("/a");

        AssertNamesHeaderNotValue(Assert.Throws<InvalidHeaderException>(() => session.Cookies.Set("sid", Injected(control), "localhost")), "Cookie");
        AssertNamesHeaderNotValue(Assert.Throws<InvalidHeaderException>(() => session.Cookies.Set("s" + control + "id", "1", "localhost")), "Cookie");
        AssertNamesHeaderNotValue(Assert.Throws<InvalidHeaderException>(() => request.Cookies["sid"] = Injected(control)), "Cookie");
        Assert.Equal(0, session.Cookies.Count);
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public void Headers_H3_AuthTokenWithControlIsRejectedWhenMade(string control)
    {
        AssertNamesHeaderNotValue(Assert.Throws<InvalidHeaderException>(() => SessionAuth.Bearer(Injected(control))), "Authorization");
        AssertNamesHeaderNotValue(Assert.Throws<InvalidHeaderException>(() => SessionAuth.Custom("Token", Injected(control))), "Authorization");
        AssertNamesHeaderNotValue(Assert.Throws<InvalidHeaderException>(() => SessionAuth.Custom("To" + control + "ken", "x")), "Authorization");
        AssertNamesHeaderNotValue(Assert.Throws<InvalidHeaderException>(() => SessionAuth.Digest(Injected(control), "pw")), "Authorization");
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public void Headers_H3_MultipartNameOrFileNameWithControlIsRejectedWhenMade(string control)
    {
        Assert.Throws<InvalidHeaderException>(() => MultipartField.Text(Injected(control), "v"));
        Assert.Throws<InvalidHeaderException>(() => MultipartField.File("f", Injected(control), "x"u8.ToArray()));
        Assert.Throws<InvalidHeaderException>(() => MultipartField.File("f", "a.txt", "x"u8.ToArray(), Injected(control)));
        var part = MultipartField.Text("ok", "v");
        Assert.Throws<InvalidHeaderException>(() => part with { Name = Injected(control) });
    }

    [Fact]
    public async Task Headers_H3_TabInAValueIsAllowedAndSent()
    {
        await using var session = NewSession();
        session.Headers["X-Tabbed"] = "a\tb";

        await session.GetAsync("/tab");

        Assert.Equal("a\tb", _server.Single("/tab").Header("X-Tabbed"));
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Headers_H3_RequestHookAddingControlIsRejectedBeforeAnyConnectionAndNotRetried(string control)
    {
        var attempts = 0;
        await using var session = NewSession(options =>
        {
            options.Retry.MaxRetries = 3;
            options.RequestHooks.Add(args =>
            {
                Interlocked.Increment(ref attempts);
                args.Request.Headers.TryAddWithoutValidation("X-Hook", Injected(control));
                return ValueTask.CompletedTask;
            });
        });

        var error = await Assert.ThrowsAsync<InvalidHeaderException>(() => session.GetAsync("/hooked"));

        AssertNamesHeaderNotValue(error, "X-Hook");
        Assert.Equal(1, attempts);
        Assert.Empty(_server.LogEntries);
    }

    [Theory]
    [InlineData("%0D%0AX-Injected:%201")]
    [InlineData("%0AX-Injected:%201")]
    [InlineData("%00X-Injected:%201")]
    public async Task Headers_H3_ServerXsrfCookieThatWouldInjectIsIgnored(string encoded)
    {
        await using var server = new RecordingRawServer(path => RecordingRawServer.Ok(path == "/page" ? $"Set-Cookie: XSRF-TOKEN=tok{encoded}; Path=/\r\n" : string.Empty));
        var options = new SessionOptions();
        options.Csrf.CookieToHeader = true;
        await using var session = new Session(options);
        await session.GetAsync(server.At("/page").AbsoluteUri);

        var response = await session.SendAsync(SessionRequest.Post(server.At("/submit").AbsoluteUri, RequestContent.Text("x")));

        Assert.Equal(200, (int)response.StatusCode);
        var lines = HeaderLines(server.Head("/submit")!);
        Assert.DoesNotContain(lines, l => l.StartsWith("X-Injected", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.StartsWith("X-XSRF-TOKEN:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(lines, l => l.StartsWith("Cookie: XSRF-TOKEN=tok%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Headers_H3_ServerXsrfCookieThatIsSafeIsStillCopied()
    {
        await using var server = new RecordingRawServer(path => RecordingRawServer.Ok(path == "/page" ? "Set-Cookie: XSRF-TOKEN=tok%3D1; Path=/\r\n" : string.Empty));
        var options = new SessionOptions();
        options.Csrf.CookieToHeader = true;
        await using var session = new Session(options);
        await session.GetAsync(server.At("/page").AbsoluteUri);

        await session.SendAsync(SessionRequest.Post(server.At("/submit").AbsoluteUri, RequestContent.Text("x")));

        Assert.Contains("X-XSRF-TOKEN: tok=1\r\n", server.Head("/submit")!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("&#13;&#10;")]
    [InlineData("&#10;")]
    [InlineData("&#13;")]
    [InlineData("&#0;")]
    [InlineData("&#27;")]
    public async Task Headers_H3_ServerMetaCsrfTokenThatWouldInjectIsIgnored(string control)
    {
        var page = $"<html><head><meta name=\"csrf-token\" content=\"tok{control}X-Injected: 1\"></head><body></body></html>";
        await using var server = new RecordingRawServer(path => RecordingRawServer.Ok(body: path == "/page" ? page : "ok"));
        var options = new SessionOptions();
        options.Csrf.MetaToken = true;
        await using var session = new Session(options);
        await session.GetDocumentAsync(server.At("/page").AbsoluteUri);

        await session.SendAsync(SessionRequest.Post(server.At("/submit").AbsoluteUri, RequestContent.Text("x")));

        var lines = HeaderLines(server.Head("/submit")!);
        Assert.DoesNotContain(lines, l => l.StartsWith("X-Injected", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.StartsWith("X-CSRF-Token:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Headers_H4_Latin1ValueIsSentAsLatin1Bytes()
    {
        await using var server = new RecordingRawServer(_ => RecordingRawServer.Ok());
        await using var session = new Session();
        session.Headers["X-Name"] = "café";
        var request = SessionRequest.Get(server.At("/latin1").AbsoluteUri);
        request.Headers["X-Town"] = "Zürich";

        var response = await session.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        var raw = Assert.Single(server.Requests);
        Assert.True(raw.AsSpan().IndexOf(Encoding.Latin1.GetBytes("X-Name: caf\u00e9\r\n")) >= 0);
        Assert.True(raw.AsSpan().IndexOf(Encoding.Latin1.GetBytes("X-Town: Z\u00fcrich\r\n")) >= 0);
    }

    [Fact]
    public async Task Headers_H4_ValueOutsideLatin1IsRejectedWhenSetAndNothingIsSent()
    {
        await using var session = NewSession();
        var request = SessionRequest.Get("/euro");

        var onSession = Assert.Throws<InvalidHeaderException>(() => session.Headers["X-Price"] = "5 €");
        var onRequest = Assert.Throws<InvalidHeaderException>(() => request.Headers["X-Price"] = "5 €");
        await session.SendAsync(request);

        Assert.Equal("X-Price", onSession.HeaderName);
        Assert.Contains("Latin-1", onRequest.Message, StringComparison.Ordinal);
        Assert.Null(_server.Single("/euro").Header("X-Price"));
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task Headers_H4_HookAddingNonLatin1ValueIsTheCallersErrorNeverRetried()
    {
        var attempts = 0;
        await using var session = NewSession(options =>
        {
            options.Retry.MaxRetries = 4;
            options.RequestHooks.Add(args =>
            {
                Interlocked.Increment(ref attempts);
                args.Request.Headers.TryAddWithoutValidation("X-Price", "5 €");
                return ValueTask.CompletedTask;
            });
        });

        var error = await Assert.ThrowsAsync<InvalidHeaderException>(() => session.GetAsync("/euro"));

        Assert.IsNotType<SessionConnectionException>(error.InnerException);
        Assert.Equal(1, attempts);
        Assert.Empty(_server.LogEntries);
    }
}
