using Microsoft.Extensions.Logging.Testing;
using Scraper.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Http;

public sealed class SessionLoggingTests
{
    [Fact]
    public async Task Logging_SecretsNeverAppearInLogsAtAnyLevel()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/login")).RespondWith(Response.Create()
            .WithStatusCode(302).WithHeader("Location", "/home").WithHeader("Set-Cookie", "sid=cookie-secret-1; Path=/"));
        server.Given(Request.Create().WithPath("/home")).RespondWith(Response.Create().WithStatusCode(200));
        server.Given(Request.Create().WithPath("/fail")).RespondWith(Response.Create().WithStatusCode(503));
        var collector = new FakeLogCollector();
        var logger = new FakeLogger(collector);
        var options = new SessionOptions { BaseAddress = new Uri(server.Url!), Auth = SessionAuth.Bearer("bearer-secret-2") };
        options.DefaultHeaders["X-Api-Key"] = "api-secret-3";
        options.Retry.MaxRetries = 1;
        options.Retry.BaseDelay = TimeSpan.Zero;
        await using var session = new Session(options, handler: null, logger);

        await session.PostFormAsync("/login?token=query-secret-4", [new("username", "bob"), new("password", "form-secret-5")]);
        await session.GetAsync("/fail?api_key=query-secret-6");
        await session.GetAsync(server.At("/home").AbsoluteUri.Replace("://", "://bob:userinfo-secret-7@", StringComparison.Ordinal));

        var text = string.Join('\n', collector.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        Assert.NotEmpty(collector.GetSnapshot());
        Assert.Contains("/login", text, StringComparison.Ordinal);
        foreach (var secret in new[] { "cookie-secret-1", "bearer-secret-2", "api-secret-3", "query-secret-4", "form-secret-5", "query-secret-6", "userinfo-secret-7" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://u:pw@shop.test/a?q=1&token=abc#f", "https://u:***@shop.test/a?q=1&token=***#f")]
    [InlineData("http://shop.test/?password=x&page=2", "http://shop.test/?password=***&page=2")]
    [InlineData("http://shop.test/plain", "http://shop.test/plain")]
    public void Logging_UrlRedactionMasksPasswordsAndSecretParameters(string url, string expected) =>
        Assert.Equal(expected, UrlRedaction.Redact(url));
}
