using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scraper.Http;
using Scraper.Tests.TestSites;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using SessionOptions = Scraper.Http.SessionOptions;

namespace Scraper.Tests.Http;

public sealed class SessionLifetimeTests
{
    [Fact]
    public async Task Pool_N1_SequentialRequestsReuseOneConnection()
    {
        await using var site = await KestrelSite.StartAsync(app => app.MapGet("/conn", (HttpContext c) => c.Connection.Id));
        await using var session = new Session();

        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await session.GetAsync(site.At("/conn").AbsoluteUri)).Text);
        }

        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task Pool_N1_MaxConnectionsPerServerBoundsConcurrentConnections()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var site = await KestrelSite.StartAsync(app => app.MapGet("/conn", async (HttpContext c) =>
        {
            if (Interlocked.Increment(ref arrived) == 2)
            {
                allArrived.TrySetResult();
            }

            await release.Task;
            return c.Connection.Id;
        }));
        var options = new SessionOptions();
        options.ConnectionPool.MaxConnectionsPerServer = 2;
        await using var session = new Session(options);

        var requests = Enumerable.Range(0, 6).Select(_ => session.GetAsync(site.At("/conn").AbsoluteUri)).ToList();
        await allArrived.Task;
        release.SetResult();
        var ids = (await Task.WhenAll(requests)).Select(r => r.Text).Distinct().ToList();

        Assert.Equal(2, ids.Count);
    }

    [Fact]
    public async Task Pool_N2_TwoSessionsKeepSeparateCookieJars()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/login")).RespondWith(Response.Create().WithHeader("Set-Cookie", "sid=one; Path=/"));
        server.Given(Request.Create().WithPath("/me")).RespondWith(Response.Create().WithStatusCode(200));
        await using var first = new Session(new SessionOptions { BaseAddress = new Uri(server.Url!) });
        await using var second = new Session(new SessionOptions { BaseAddress = new Uri(server.Url!) });

        await first.GetAsync("/login");
        await first.GetAsync("/me");
        await second.GetAsync("/me");

        var me = server.Requests("/me");
        Assert.Equal("sid=one", me[0].Cookie());
        Assert.Null(me[1].Cookie());
    }

    [Fact]
    public async Task Proxy_N5_CredentialsInTheProxyAddressAreSent()
    {
        using var proxy = WireMockServer.Start();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:p@ss"));
        proxy.Given(Request.Create().WithPath("/page").WithHeader("Proxy-Authorization", expected)).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("via proxy"));
        proxy.Given(Request.Create().WithPath("/page")).AtPriority(2)
            .RespondWith(Response.Create().WithStatusCode(407).WithHeader("Proxy-Authenticate", "Basic realm=\"proxy\""));
        var options = new SessionOptions();
        options.Proxy.Address = new Uri(proxy.Url!.Replace("://", "://user:p%40ss@", StringComparison.Ordinal));
        await using var session = new Session(options);

        var response = await session.GetAsync("http://target.test/page");

        Assert.Equal("via proxy", response.Text);
        Assert.Equal("target.test", proxy.LogEntries.Last().Header("Host"));
    }

    [Fact]
    public async Task Proxy_N5_BypassedHostsAreReachedDirectly()
    {
        using var site = WireMockServer.Start();
        site.Given(Request.Create().WithPath("/direct")).RespondWith(Response.Create().WithStatusCode(200).WithBody("direct"));
        var options = new SessionOptions();
        options.Proxy.Address = new Uri($"http://127.0.0.1:{TestPorts.Unused()}");
        options.Proxy.Bypass.Add(site.At("/").Host);
        options.Retry.MaxRetries = 0;
        await using var session = new Session(options);

        var response = await session.GetAsync(site.At("/direct").AbsoluteUri);

        Assert.Equal("direct", response.Text);
    }

    [Fact]
    public async Task Dispose_N6_CancelsInFlightRequestsAndLaterUseThrows()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/slow")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(30)));
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new SessionOptions { BaseAddress = new Uri(server.Url!) };
        options.RequestHooks.Add(_ =>
        {
            sent.TrySetResult();
            return ValueTask.CompletedTask;
        });
        var session = new Session(options);

        var pending = session.GetAsync("/slow");
        await sent.Task;
        await session.DisposeAsync();

        var inFlight = await Assert.ThrowsAsync<ObjectDisposedException>(() => pending);
        Assert.Contains("/slow", inFlight.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.GetAsync("/slow"));
        await session.DisposeAsync();
    }

    [Fact]
    public async Task Tls_N7_Http2IsNegotiatedOverTlsWhenAsked()
    {
        using var certificate = KestrelSite.SelfSignedCertificate();
        await using var site = await KestrelSite.StartAsync(app => app.MapGet("/v", (HttpContext c) => c.Request.Protocol), new TlsSetup(certificate));
        var options = new SessionOptions { HttpVersion = HttpVersion.Version20 };
        options.Tls.ServerCertificateValidation = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString();
        await using var session = new Session(options);

        var response = await session.GetAsync(site.At("/v").AbsoluteUri.Replace("http://", "https://", StringComparison.Ordinal));

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("HTTP/2", response.Text);
    }

    [Fact]
    public async Task Tls_N7_DefaultIsHttp11()
    {
        using var certificate = KestrelSite.SelfSignedCertificate();
        await using var site = await KestrelSite.StartAsync(app => app.MapGet("/v", (HttpContext c) => c.Request.Protocol), new TlsSetup(certificate));
        var options = new SessionOptions();
        options.Tls.ServerCertificateValidation = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString();
        await using var session = new Session(options);

        var response = await session.GetAsync(site.At("/v").AbsoluteUri.Replace("http://", "https://", StringComparison.Ordinal));

        Assert.Equal("HTTP/1.1", response.Text);
    }

    [Fact]
    public async Task Tls_N7_CertificatesAreVerifiedByDefault()
    {
        using var certificate = KestrelSite.SelfSignedCertificate();
        await using var site = await KestrelSite.StartAsync(app => app.MapGet("/v", () => "secret"), new TlsSetup(certificate));
        var options = new SessionOptions();
        options.Retry.MaxRetries = 0;
        await using var session = new Session(options);

        var error = await Assert.ThrowsAsync<SessionConnectionException>(
            () => session.GetAsync(site.At("/v").AbsoluteUri.Replace("http://", "https://", StringComparison.Ordinal)));

        Assert.Equal(ConnectionFailure.Tls, error.Failure);
    }

    [Fact]
    public async Task Tls_N7_ClientCertificateIsPresentedWhenTheServerAsks()
    {
        using var serverCertificate = KestrelSite.SelfSignedCertificate();
        using var clientCertificate = KestrelSite.SelfSignedCertificate("CN=scraper-client", forClient: true);
        await using var site = await KestrelSite.StartAsync(
            app => app.MapGet("/who", (HttpContext c) => c.Connection.ClientCertificate?.Subject ?? "none"),
            new TlsSetup(serverCertificate, RequireClientCertificate: true));
        var options = new SessionOptions();
        options.Tls.ServerCertificateValidation = (_, cert, _, _) => cert?.GetCertHashString() == serverCertificate.GetCertHashString();
        options.Tls.ClientCertificates.Add(clientCertificate);
        await using var session = new Session(options);

        var response = await session.GetAsync(site.At("/who").AbsoluteUri.Replace("http://", "https://", StringComparison.Ordinal));

        Assert.Equal("CN=scraper-client", response.Text);
    }

    [Fact]
    public void Options_InvalidValueNamesTheKey()
    {
        var options = new SessionOptions();
        options.Retry.MaxRetries = -1;

        var error = Assert.Throws<ArgumentException>(() => _ = new Session(options));

        Assert.Contains("Retry:MaxRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_AreCopiedSoLaterChangesDoNotReachTheSession()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(200));
        var options = new SessionOptions { BaseAddress = new Uri(server.Url!) };
        options.DefaultHeaders["X-Version"] = "1";
        await using var session = new Session(options);
        options.DefaultHeaders["X-Version"] = "2";

        await session.GetAsync("/v");

        Assert.Equal("1", server.Single("/v").Header("X-Version"));
    }
}
