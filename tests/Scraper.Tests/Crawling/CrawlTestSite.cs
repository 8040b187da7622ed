using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Scraper.Tests.Crawling;

/// <summary>Helpers to lay out small HTML sites on a WireMock server.</summary>
internal static class CrawlTestSite
{
    public static void Page(this WireMockServer server, string path, string body, int status = 200) =>
        server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(status).WithHeader("Content-Type", "text/html; charset=utf-8").WithBody($"<html><body>{body}</body></html>"));

    public static void Robots(this WireMockServer server, string text) =>
        server.Given(Request.Create().WithPath("/robots.txt")).RespondWith(Response.Create().WithHeader("Content-Type", "text/plain").WithBody(text));
}
