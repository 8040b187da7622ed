using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiSession;

/// <summary>
/// A small local server with the endpoints the example needs, so it runs with no network: a JSON token login and
/// two API endpoints behind it, and an HTML login form with a CSRF token bound to a pre-login cookie.
/// </summary>
internal sealed class DemoServer : IAsyncDisposable
{
    private const string UserName = "demo";
    private const string Password = "demo-password";
    private readonly WebApplication _app;

    private DemoServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<DemoServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var tokens = new ConcurrentDictionary<string, string>();
        var csrfByVisitor = new ConcurrentDictionary<string, string>();
        var sessions = new ConcurrentDictionary<string, string>();

        app.MapPost("/api/auth", (Credentials credentials) =>
        {
            if (credentials is not { Username: UserName, Password: Password })
            {
                return Results.Unauthorized();
            }

            var token = NewSecret();
            tokens[token] = credentials.Username;
            return Results.Json(new { token });
        });

        app.MapGet("/api/me", (HttpContext context) =>
            UserFromBearer(context, tokens) is { } user ? Results.Json(new { user, plan = "pro" }) : Results.Unauthorized());

        app.MapGet("/api/orders", (HttpContext context) =>
            UserFromBearer(context, tokens) is null
                ? Results.Unauthorized()
                : Results.Json(new[] { new { id = 1001, total = 42.50m }, new { id = 1002, total = 9.99m } }));

        app.MapGet("/login", (HttpContext context) =>
        {
            var visitor = NewSecret();
            var csrf = NewSecret();
            csrfByVisitor[visitor] = csrf;
            context.Response.Cookies.Append("visitor", visitor, new CookieOptions { HttpOnly = true, Path = "/" });
            return Results.Content($"""
                <!doctype html><html><body>
                <form method="post" action="/login">
                  <input type="hidden" name="csrf_token" value="{csrf}">
                  <input name="username"> <input type="password" name="password">
                  <button type="submit" name="action" value="login">Sign in</button>
                </form></body></html>
                """, "text/html; charset=utf-8");
        });

        app.MapPost("/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var visitor = context.Request.Cookies["visitor"];
            if (visitor is null || !csrfByVisitor.TryRemove(visitor, out var expected) || form["csrf_token"] != expected)
            {
                return Results.BadRequest("CSRF token missing or wrong");
            }

            if (form["username"] != UserName || form["password"] != Password)
            {
                return Results.Unauthorized();
            }

            var sid = NewSecret();
            sessions[sid] = UserName;
            context.Response.Cookies.Append("sid", sid, new CookieOptions { HttpOnly = true, Path = "/" });
            return Results.Redirect("/account");
        });

        app.MapGet("/account", (HttpContext context) =>
            context.Request.Cookies["sid"] is { } sid && sessions.TryGetValue(sid, out var user)
                ? Results.Content($"<html><body><h1>Welcome back, {user}</h1></body></html>", "text/html")
                : Results.Redirect("/login"));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoServer(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string? UserFromBearer(HttpContext context, ConcurrentDictionary<string, string> tokens)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && tokens.TryGetValue(header["Bearer ".Length..], out var user) ? user : null;
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private sealed record Credentials(string Username, string Password);
}
