using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using SessionOptions = Scraper.Http.SessionOptions;
using Scraper.Http;
using Scraper.Tests.TestSites;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

/// <summary>Bad input of every kind gives a specific error naming the URL, and the session keeps working.</summary>
public sealed class SessionFailureTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public SessionFailureTests()
    {
        _server.Given(Request.Create().WithPath("/ok")).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
    }

    public void Dispose() => _server.Dispose();

    private Session NewSession(Action<SessionOptions>? configure = null)
    {
        var options = new SessionOptions { BaseAddress = new Uri(_server.Url!) };
        options.Retry.MaxRetries = 0;
        configure?.Invoke(options);
        return new Session(options);
    }

    // Usable, not fast: a generous per-request timeout keeps the check independent of the test's own short one.
    private async Task AssertStillUsable(Session session) =>
        Assert.Equal("ok", (await session.SendAsync(new SessionRequest(HttpMethod.Get, _server.At("/ok").AbsoluteUri) { Timeout = TimeSpan.FromSeconds(30) })).Text);

    [Theory]
    [InlineData("http://exa mple.com:99999/")]
    [InlineData("http://")]
    [InlineData("")]
    public async Task BadInput_MalformedUrlThrowsInvalidRequestUrl(string url)
    {
        await using var session = new Session();

        await Assert.ThrowsAsync<InvalidRequestUrlException>(() => session.GetAsync(url));
    }

    [Fact]
    public async Task BadInput_RelativeUrlWithoutBaseAddressSaysSo()
    {
        await using var session = new Session();

        var error = await Assert.ThrowsAsync<InvalidRequestUrlException>(() => session.GetAsync("products/1"));

        Assert.Contains("products/1", error.Message, StringComparison.Ordinal);
        Assert.Contains("base address", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://files.test/a.txt", "ftp")]
    [InlineData("file:///etc/passwd", "file")]
    [InlineData("mailto:someone@shop.test", "mailto")]
    public async Task BadInput_UnsupportedSchemeIsNamed(string url, string scheme)
    {
        await using var session = NewSession();

        var error = await Assert.ThrowsAsync<InvalidRequestUrlException>(() => session.GetAsync(url));

        Assert.Contains($"'{scheme}'", error.Message, StringComparison.Ordinal);
        await AssertStillUsable(session);
    }

    [Fact]
    public async Task BadInput_RefusedConnectionIsReportedAsSuch()
    {
        var url = $"http://127.0.0.1:{TestPorts.Unused()}/nothing";
        await using var session = NewSession();

        var error = await Assert.ThrowsAsync<SessionConnectionException>(() => session.GetAsync(url));

        Assert.Equal(ConnectionFailure.ConnectionRefused, error.Failure);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        await AssertStillUsable(session);
    }

    [Fact]
    public async Task BadInput_DnsFailureIsReportedAsNameResolution()
    {
        await using var session = NewSession();

        var error = await Assert.ThrowsAsync<SessionConnectionException>(() => session.GetAsync("http://no-such-host.invalid/"));

        Assert.Equal(ConnectionFailure.NameResolution, error.Failure);
        Assert.Contains("no-such-host.invalid", error.Message, StringComparison.Ordinal);
        await AssertStillUsable(session);
    }

    [Fact]
    public async Task BadInput_UntrustedCertificateFailsTlsByDefault()
    {
        var reached = 0;
        await using var https = await KestrelSite.StartAsync(
            app => app.MapGet("/secure", () => Interlocked.Increment(ref reached)),
            new TlsSetup(KestrelSite.SelfSignedCertificate()));
        await using var session = NewSession();

        var error = await Assert.ThrowsAsync<SessionConnectionException>(() => session.GetAsync(https.At("/secure").AbsoluteUri));

        Assert.Equal(ConnectionFailure.Tls, error.Failure);
        Assert.Contains(https.At("/secure").AbsoluteUri, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref reached));
        await AssertStillUsable(session);
    }

    [Fact]
    public async Task Timeout_N3_SlowAnswerThrowsSessionTimeoutNamingUrlAndDuration()
    {
        _server.Given(Request.Create().WithPath("/slow")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(5)));
        await using var session = NewSession(o => o.Timeout = TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<SessionTimeoutException>(() => session.GetAsync("/slow"));

        Assert.Equal(TimeSpan.FromMilliseconds(200), error.Timeout);
        Assert.Contains("/slow", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.2 s", error.Message, StringComparison.Ordinal);
        await AssertStillUsable(session);
    }

    [Fact]
    public async Task Timeout_N3_PerRequestTimeoutOverridesTheSessionTimeout()
    {
        _server.Given(Request.Create().WithPath("/slow")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(5)));
        await using var session = NewSession(o => o.Timeout = TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<SessionTimeoutException>(
            () => session.SendAsync(new SessionRequest(HttpMethod.Get, "/slow") { Timeout = TimeSpan.FromMilliseconds(150) }));

        Assert.Equal(TimeSpan.FromMilliseconds(150), error.Timeout);
    }

    [Fact]
    public async Task Timeout_N3_CallerCancellationIsNotReportedAsATimeout()
    {
        _server.Given(Request.Create().WithPath("/slow")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(5)));
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = NewSession(o => o.RequestHooks.Add(_ =>
        {
            sent.TrySetResult();
            return ValueTask.CompletedTask;
        }));
        using var cancel = new CancellationTokenSource();

        var pending = session.GetAsync("/slow", cancel.Token);
        await sent.Task;
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.IsNotType<SessionTimeoutException>(error.InnerException);
        await AssertStillUsable(session);
    }

    [Fact]
    public async Task Timeout_N3_TimedOutGetIsRetried()
    {
        // The first attempt never answers; the second answers at once. The timeout runs on a fake clock, advanced
        // once the first attempt has reached the server: a real one-second timeout also fired on the second
        // attempt when a fresh machine was busy compiling and running the other tests.
        var attempts = 0;
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var site = await KestrelSite.StartAsync(app => app.MapGet("/stall", async (Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                firstArrived.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return "late";
            }

            return "fast";
        }));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var options = new SessionOptions { Timeout = TimeSpan.FromSeconds(30) };
        options.Retry.MaxRetries = 1;
        options.Retry.BaseDelay = TimeSpan.Zero;
        await using var session = new Session(options, logger: null, timeProvider: time);

        var pending = session.GetAsync(site.At("/stall").AbsoluteUri);
        // Polly arms the attempt's timeout before the request is sent, so once the server has it the timer exists.
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(options.Timeout);
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("fast", response.Text);
        Assert.Equal(2, Volatile.Read(ref attempts));
    }

    [Fact]
    public async Task MaxSize_N4_DeclaredLengthOverTheLimitFailsBeforeReading()
    {
        // Kestrel sends the Content-Length of a byte-array result, so the limit is checked before a byte is read.
        await using var site = await KestrelSite.StartAsync(app => app.MapGet("/big", () => Microsoft.AspNetCore.Http.Results.Bytes(new byte[10_000])));
        await using var session = NewSession(o => o.MaxResponseSize = 1_000);

        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(() => session.GetAsync(site.At("/big").AbsoluteUri));

        Assert.Equal(1_000, error.Limit);
        Assert.Contains("10,000", error.Message, StringComparison.Ordinal);
        await AssertStillUsable(session);
    }

    [Fact]
    public async Task MaxSize_N4_LimitIsEnforcedWhileStreamingADecompressedBody()
    {
        // 1 MB of zeros compresses to about 1 KB: only the streamed, decompressed length can catch it.
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(new byte[1_000_000]);
        }

        _server.Given(Request.Create().WithPath("/bomb")).RespondWith(Response.Create()
            .WithHeader("Content-Encoding", "gzip").WithBody(compressed.ToArray()));
        await using var session = NewSession(o => o.MaxResponseSize = 100_000);

        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(() => session.GetAsync("/bomb"));

        Assert.Contains("exceeded the limit of 100,000", error.Message, StringComparison.Ordinal);
        await AssertStillUsable(session);
    }

    [Theory]
    [InlineData(10, 4)]
    [InlineData(10, 10)]
    [InlineData(10, 25)]
    [InlineData(0, 3)]
    [InlineData(10, 150)]
    public async Task BodyReader_N8_ReadsWhatTheStreamGivesButNotLessThanDeclared(int declared, int sent)
    {
        // A handler below the session (or a proxy) may declare a length the stream does not keep to: the body is
        // what the stream gives, within the limit either way.
        var bytes = Enumerable.Range(0, sent).Select(i => (byte)i).ToArray();
        using var response = new HttpResponseMessage { Content = new StreamContent(new MemoryStream(bytes)) };
        response.Content.Headers.ContentLength = declared;
        var url = new Uri("http://a.test/");

        if (sent > 100)
        {
            await Assert.ThrowsAsync<ResponseTooLargeException>(() => BodyReader.ReadAsync(response, url, limit: 100, budget: null, CancellationToken.None));
            return;
        }

        if (sent < declared)
        {
            // N8: a body shorter than its Content-Length is truncated, whoever noticed.
            var error = await Assert.ThrowsAsync<ContentDecodingException>(() => BodyReader.ReadAsync(response, url, limit: 100, budget: null, CancellationToken.None));
            Assert.Equal(ContentDecodingFailure.Truncated, error.Reason);
            return;
        }

        var body = await BodyReader.ReadAsync(response, url, limit: 100, budget: null, CancellationToken.None);

        Assert.Equal(bytes, body.Bytes.ToArray());
    }

    [Fact]
    public async Task MaxSize_N4_PerRequestLimitOverridesTheSession()
    {
        _server.Given(Request.Create().WithPath("/medium")).RespondWith(Response.Create().WithBody(new byte[5_000]));
        await using var session = NewSession(o => o.MaxResponseSize = 1_000);

        var response = await session.SendAsync(new SessionRequest(HttpMethod.Get, "/medium") { MaxResponseSize = 10_000 });

        Assert.Equal(5_000, response.Body.Length);
    }

    [Fact]
    public async Task BadInput_MalformedSetCookieIsIgnoredAndTheRestStored()
    {
        _server.Given(Request.Create().WithPath("/cookies")).RespondWith(Response.Create()
            .WithHeader("Set-Cookie", "=novalue", "good=1; Path=/", "justtext", "bad=2; Expires=not-a-date; Path=/"));
        await using var session = NewSession();

        var response = await session.GetAsync("/cookies");
        await session.GetAsync("/ok");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("good=1; bad=2", _server.Single("/ok").Cookie());
    }

    [Fact]
    public async Task BadInput_UnknownCharsetFallsBackWithoutThrowing()
    {
        _server.Given(Request.Create().WithPath("/charset")).RespondWith(Response.Create()
            .WithHeader("Content-Type", "text/html; charset=x-no-such-charset").WithBody("<p>caf\u00e9</p>"u8.ToArray()));
        await using var session = NewSession();

        var response = await session.GetAsync("/charset");

        Assert.Equal("<p>café</p>", response.Text);
    }

    [Fact]
    public async Task BadInput_ErrorStatusIsAResponseAndEnsureSuccessNamesIt()
    {
        _server.Given(Request.Create().WithPath("/boom")).RespondWith(Response.Create().WithStatusCode(500));
        await using var session = NewSession();

        var response = await session.GetAsync("/boom");
        var error = Assert.Throws<HttpStatusException>(() => response.EnsureSuccessStatusCode());

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("/boom", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpStatusException>(() => session.GetDocumentAsync("/boom"));
    }
}
