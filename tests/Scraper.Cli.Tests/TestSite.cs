using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scraper.Tests.TestSites;

namespace Scraper.Cli.Tests;

/// <summary>A small real site: a page with links, a second page, cookies, header echo and a page that never answers.</summary>
internal static class TestSite
{
    public const string Home = """
        <html><head><title>Home</title></head><body>
        <h1 class="title">Welcome</h1>
        <ul><li class="item"><a href="/second">Second page</a></li><li class="item"><a href="third?x=1">Third</a></li></ul>
        <a href="mailto:someone@example.com">Mail</a>
        </body></html>
        """;

    public static Task<KestrelSite> StartAsync() => KestrelSite.StartAsync(app =>
    {
        app.MapGet("/", () => Results.Content(Home, "text/html; charset=utf-8"));
        app.MapGet("/second", () => Results.Content("<html><body><h1>Second</h1></body></html>", "text/html"));
        app.MapGet("/third", () => Results.Content("<html><body><h1>Third</h1></body></html>", "text/html"));
        app.MapGet("/latin1", () => Results.Bytes(
            [.. "<html><head><title>caf"u8, 0xE9, .. "</title></head><body><img src=\"logo.png\"></body></html>"u8], "text/html; charset=iso-8859-1"));
        app.MapGet("/login", (HttpContext context) =>
        {
            context.Response.Cookies.Append("sid", "secret-value", new CookieOptions { Path = "/" });
            return Results.Content("<p>logged in</p>", "text/html");
        });
        app.MapGet("/whoami", (HttpContext context) => Results.Text($"sid={context.Request.Cookies["sid"] ?? "none"}"));
        app.MapGet("/echo", (HttpContext context) => Results.Text($"X-Test={context.Request.Headers["X-Test"]}"));
        app.MapGet("/missing", () => Results.Content("<h1>gone</h1>", "text/html", statusCode: 404));
        app.MapGet("/hang", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return Results.Ok();
        });
    });
}
