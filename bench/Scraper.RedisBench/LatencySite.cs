using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Scraper.RedisBench;

/// <summary>
/// A loopback site bound by latency, not CPU: every page answers after the same delay. The pages form a tree (page i
/// links to pages 10i+1..10i+10, up to the page count), so the frontier fills at once and never runs dry before the end.
/// </summary>
internal static class LatencySite
{
    public static async Task RunAsync(int port, int pages, TimeSpan latency)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var app = builder.Build();
        app.MapGet("/", (CancellationToken token) => PageAsync(0, pages, latency, token));
        app.MapGet("/p/{n:int}", (int n, CancellationToken token) => PageAsync(n, pages, latency, token));
        await app.StartAsync();
        Console.WriteLine($"ready on port {port}: {pages} pages, {latency.TotalMilliseconds} ms each");
        await app.WaitForShutdownAsync();
    }

    private static async Task<IResult> PageAsync(int n, int pages, TimeSpan latency, CancellationToken token)
    {
        await Task.Delay(latency, token);
        var links = Enumerable.Range((n * 10) + 1, 10).Where(child => child < pages).Select(child => $"<a href=\"/p/{child}\">{child}</a>");
        return Results.Content($"<html><body><h1>{n}</h1>{string.Concat(links)}</body></html>", "text/html; charset=utf-8");
    }
}
