// The scenario every requests tutorial shows, with a Scraper Session:
//   1. one session sets a User-Agent and an Authorization header once,
//   2. authenticates with a JSON POST that returns a token,
//   3. calls two endpoints and prints their JSON;
// and a form login: GET the login page, submit it with its hidden CSRF field, read a protected page.
//
// dotnet run --project examples/ApiSession            (starts a small local server on loopback)
// dotnet run --project examples/ApiSession -- URL     (talks to a server of yours with the same endpoints)
using System.Text.Json;
using ApiSession;
using Scraper.Http;

await using var localServer = args.Length == 0 ? await DemoServer.StartAsync() : null;
var baseAddress = new Uri(args.Length > 0 ? args[0] : localServer!.Address.AbsoluteUri);
Console.WriteLine($"Talking to {baseAddress}");

// --- An API session: headers once, a token from a JSON login, then two calls. ---
var options = new SessionOptions { BaseAddress = baseAddress };
options.DefaultHeaders["User-Agent"] = "api-session-example/1.0";
await using (var api = new Session(options))
{
    var login = await api.PostJsonAsync("/api/auth", new { username = "demo", password = "demo-password" });
    var token = login.EnsureSuccessStatusCode().Json<TokenResponse>()!.Token;
    api.Auth = SessionAuth.Bearer(token);

    var me = await api.GetJsonAsync<JsonElement>("/api/me");
    var orders = await api.GetJsonAsync<JsonElement>("/api/orders");
    Console.WriteLine($"GET /api/me     -> {me}");
    Console.WriteLine($"GET /api/orders -> {orders}");
}

// --- A browser-like session: form login with the hidden CSRF field, then a protected page. ---
await using (var browser = new Session(new SessionOptions { BaseAddress = baseAddress }))
{
    var loginPage = await browser.GetDocumentAsync("/login");
    var afterLogin = await browser.SubmitFormAsync(loginPage, new Dictionary<string, string?>
    {
        ["username"] = "demo",
        ["password"] = "demo-password",
    });
    Console.WriteLine($"Form login      -> {(int)afterLogin.StatusCode} at {afterLogin.Url.AbsolutePath} (after {afterLogin.History.Count} redirect)");

    var account = await browser.GetDocumentAsync("/account");
    Console.WriteLine($"GET /account    -> {account.QuerySelector("h1")?.TextContent}");
}

namespace ApiSession
{
    internal sealed record TokenResponse(string Token);
}
