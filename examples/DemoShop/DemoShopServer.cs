using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DemoShop;

/// <summary>
/// The demo shop, running on loopback inside the caller's process (the Shop scraper and the tests) or alone
/// (<c>dotnet run --project examples/DemoShop</c>).
/// </summary>
public sealed class DemoShopServer : IAsyncDisposable
{
    /// <summary>How many prices each <see cref="DemoShopOptions.PriceRevision"/> changes.</summary>
    public const int PricesPerRevision = 10;

    private readonly WebApplication _app;
    private readonly ShopAccounts _accounts;
    private readonly ConcurrentQueue<string> _requested;

    private DemoShopServer(WebApplication app, ShopAccounts accounts, ConcurrentQueue<string> requested, Catalog catalog, Uri baseAddress)
    {
        _app = app;
        _accounts = accounts;
        _requested = requested;
        Catalog = catalog;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the shop's address, for example <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the shop's data, to check what a crawl scraped.</summary>
    public Catalog Catalog { get; }

    /// <summary>Gets the account's password (<see cref="DemoShopOptions.Password"/>, else the saved or made-up one).</summary>
    public string Password => _accounts.Password;

    /// <summary>Gets the number of successful form logins so far.</summary>
    public int Logins => _accounts.Logins;

    /// <summary>Gets the path and query of every request served, in order.</summary>
    public IReadOnlyCollection<string> RequestedPaths => _requested;

    /// <summary>Starts the shop.</summary>
    /// <param name="options">How it behaves; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running shop.</returns>
    public static async Task<DemoShopServer> StartAsync(DemoShopOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DemoShopOptions();
        var state = options.StateDirectory is { } directory ? await ShopState.OpenAsync(directory, cancellationToken) : null;
        // With a state folder the shop comes back on its last port when that is free: a crawl resumed from its job
        // holds the URLs of the last run, as a real site keeps its address.
        var port = options.Port == 0 && state?.Saved.Port is { } saved && IsFree(saved) ? saved : options.Port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var catalog = new Catalog(options.ProductCount);
        for (var revision = 1; revision <= options.PriceRevision; revision++)
        {
            catalog.RevisePrices(PricesPerRevision, seed: revision);
        }

        var accounts = new ShopAccounts(options, state, options.TimeProvider);
        var requested = new ConcurrentQueue<string>();
        var failedOnce = new ConcurrentDictionary<string, byte>();
        var revoked = 0;
        Uri? baseAddress = null;
        Uri Base() => baseAddress!;

        app.Use(async (context, next) =>
        {
            var pathAndQuery = context.Request.Path + context.Request.QueryString;
            requested.Enqueue(pathAndQuery);
            options.OnRequest?.Invoke(pathAndQuery);
            if (options.OnAnswered is { } answered)
            {
                var method = context.Request.Method;
                context.Response.OnCompleted(() =>
                {
                    answered(method, pathAndQuery, context.Response.StatusCode);
                    return Task.CompletedTask;
                });
            }

            if (options.RevokeLoginsAt == pathAndQuery && Interlocked.Exchange(ref revoked, 1) == 0)
            {
                await accounts.RevokeAllAsync(context.RequestAborted);
            }

            if (FlakyAnswer(options, failedOnce, pathAndQuery) is { } status)
            {
                context.Response.StatusCode = status;
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(options.FlakyRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            }

            await next(context);
        });

        string? User(HttpContext context, bool countPage = false) => accounts.UserFor(context.Request.Cookies[ShopAccounts.SessionCookie], countPage);
        IResult Html(string title, string body, HttpContext context, int status = 200) =>
            Results.Content(Pages.Layout(title, body, User(context), Base()), "text/html; charset=utf-8", Encoding.UTF8, status);

        app.MapGet("/", (HttpContext context) => Html("Home", Pages.Home(catalog), context));
        app.MapGet("/category/{slug}", (string slug, int? page, HttpContext context) =>
        {
            if (!catalog.ByCategory.TryGetValue(slug, out var products))
            {
                return Html("Not found", "<h1>No such category</h1>", context, 404);
            }

            var pageCount = (products.Count + options.PageSize - 1) / options.PageSize;
            var current = page ?? 1;
            return current < 1 || current > pageCount
                ? Html("Not found", "<h1>No such page</h1>", context, 404)
                : Html(slug, Pages.Listing(slug, products, current, options.PageSize, options.ProductCount + 1), context);
        });
        app.MapGet("/product/{id:int}", (int id, HttpContext context) =>
        {
            if (catalog.Find(id) is not { } product)
            {
                return Html("Not found", "<h1>No such product</h1>", context, 404);
            }

            var member = User(context, countPage: true) is not null;
            return Html(product.Name, Pages.Product(product, member), context);
        });
        app.MapGet("/login", (HttpContext context) =>
        {
            var visitor = context.Request.Cookies[ShopAccounts.VisitorCookie];
            if (visitor is null)
            {
                visitor = ShopAccounts.NewToken();
                context.Response.Cookies.Append(ShopAccounts.VisitorCookie, visitor, new CookieOptions { HttpOnly = true, Path = "/" });
            }

            return Html("Log in", Pages.Login(accounts.CsrfTokenFor(visitor), error: null), context);
        });
        app.MapPost("/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var visitor = context.Request.Cookies[ShopAccounts.VisitorCookie];
            var session = await accounts.LogInAsync(visitor, form["csrf_token"], form["username"], form["password"], context.RequestAborted);
            if (session is null)
            {
                return Html("Log in", Pages.Login(visitor is null ? string.Empty : accounts.CsrfTokenFor(visitor), "Wrong user name, password or form token."), context, 401);
            }

            context.Response.Cookies.Append(ShopAccounts.SessionCookie, session, new CookieOptions { HttpOnly = true, Path = "/", SameSite = SameSiteMode.Lax });
            return Results.Redirect("/account");
        });
        app.MapGet("/logout", async (HttpContext context) =>
        {
            await accounts.LogOutAsync(context.Request.Cookies[ShopAccounts.SessionCookie], context.RequestAborted);
            context.Response.Cookies.Delete(ShopAccounts.SessionCookie);
            return Results.Redirect("/");
        });
        app.MapGet("/account", (HttpContext context) =>
            User(context) is { } user ? Html("Account", Pages.Account(user), context) : Results.Redirect("/login"));
        app.MapPost("/api/auth", (ApiLogin login) =>
            accounts.IssueApiToken(login.Username, login.Password) is { } token ? Results.Ok(new { token }) : Results.Unauthorized());
        app.MapGet("/api/products", (int? page, HttpContext context) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !accounts.IsApiToken(header["Bearer ".Length..]))
            {
                return Results.Unauthorized();
            }

            var current = Math.Max(page ?? 1, 1);
            var items = catalog.Products.Skip((current - 1) * 100).Take(100).ToList();
            var next = current * 100 < catalog.Products.Count ? $"/api/products?page={current + 1}" : null;
            return Results.Ok(new { page = current, items, next });
        });
        app.MapGet("/robots.txt", () => Results.Text(Pages.Robots(options.CrawlDelaySeconds), "text/plain"));
        app.MapGet("/sitemap.xml", () => Results.Text(Pages.Sitemap(Base()), "application/xml"));
        app.MapGet("/admin/{**rest}", () => Results.Text("Staff only.", "text/plain"));
        app.MapGet("/old-sale", () => Results.Redirect("/category/toys", permanent: true));
        app.MapGet("/about", () => Results.Bytes(
            CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(Pages.About()), "text/html; charset=windows-1252"));
        app.MapGet("/images/{name}", () => Results.Bytes([0xFF, 0xD8, 0xFF, 0xD9], "image/jpeg"));
        JsSection.Map(app, catalog, options, context => User(context) is not null);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        baseAddress = new Uri(address + "/");
        if (state is not null && state.Saved.Port != baseAddress.Port)
        {
            await state.SavePortAsync(baseAddress.Port, cancellationToken);
        }

        return new DemoShopServer(app, accounts, requested, catalog, baseAddress);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// In flaky mode, the first request for some pages fails with 503 or 429 and Retry-After; the same page
    /// succeeds when asked again, so a crawler that retries gets everything. Which pages fail is fixed by their path and
    /// <see cref="DemoShopOptions.FlakySeed"/>.
    /// </summary>
    private static int? FlakyAnswer(DemoShopOptions options, ConcurrentDictionary<string, byte> failedOnce, string pathAndQuery)
    {
        if (options.FlakyRate <= 0 || !(pathAndQuery.StartsWith("/product/", StringComparison.Ordinal) || pathAndQuery.StartsWith("/category/", StringComparison.Ordinal)))
        {
            return null;
        }

        // FNV-1a over the path and the seed: the same pages fail in every process (string hashes change per process).
        var hash = 2166136261u ^ (uint)options.FlakySeed;
        foreach (var c in pathAndQuery)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ (hash >> 15)) * 0x2C1B3C6Du;
        hash ^= hash >> 12;

        if (hash % 10_000 >= options.FlakyRate * 10_000 || !failedOnce.TryAdd(pathAndQuery, 0))
        {
            return null;
        }

        return hash % 2 == 0 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;
    }

    private sealed record ApiLogin(string? Username, string? Password);
}
