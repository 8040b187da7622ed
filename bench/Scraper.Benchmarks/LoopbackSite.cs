using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scraper.Benchmarks;

/// <summary>A Kestrel site on a free loopback port serving one fixed page, shared by both sides of a comparison.</summary>
internal sealed class LoopbackSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackSite(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<LoopbackSite> StartAsync(byte[] page)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/page", () => Results.Bytes(page, "text/html; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackSite(app, new Uri(address + "/"));
    }

    /// <summary>A 15 KB product-listing page, dense with links and markup like a real one.</summary>
    public static byte[] ProductPage(int targetBytes = 15 * 1024)
    {
        var html = new StringBuilder("<!doctype html><html><head><meta charset=utf-8><title>Catalog</title></head><body><ul>");
        for (var i = 0; html.Length < targetBytes - 64; i++)
        {
            html.Append("<li class=product><a href=\"/product/").Append(i).Append("\">Product ").Append(i)
                .Append("</a> <span class=price>$").Append(i % 97).Append(".99</span></li>");
        }

        return Encoding.UTF8.GetBytes(html.Append("</ul></body></html>").ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
