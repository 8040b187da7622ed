using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scraper.Hosting.Operations;

namespace Scraper.Hosting.Status;

/// <summary>
/// Serves the status page with a Kestrel of its own, started with the worker when <c>Scraper:Status:Url</c> is set
/// and not at all otherwise: the worker stays a plain Generic Host, and the page shares its singletons (the
/// scheduler's state, the history, the live crawls) without being the application.
/// </summary>
internal sealed partial class StatusServer(
    IOptions<StatusOptions> options,
    StatusSnapshots snapshots,
    SpiderRuns runs,
    HealthCheckService health,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ILogger _logger = loggerFactory.CreateLogger<StatusServer>();
    private WebApplication? _app;

    /// <summary>Gets the address the page is served at once started (the port filled in when it was 0).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Url))
        {
            return;
        }

        var endpoint = StatusOptionsValidator.EndpointOf(settings.Url) ?? throw new OptionsValidationException(StatusOptions.SectionName, typeof(StatusOptions), [$"{StatusOptions.SectionName}:Url '{settings.Url}' is not valid."]);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (endpoint.Address is null)
            {
                kestrel.ListenLocalhost(endpoint.Port);
            }
            else
            {
                kestrel.Listen(endpoint.Address, endpoint.Port);
            }
        });
        var app = builder.Build();
        // On loopback, only the names of this machine: a site that rebinds its own name to 127.0.0.1 is refused.
        var access = new StatusAccess(settings)
        {
            AllowedHosts = endpoint.Loopback ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "127.0.0.1", "localhost", "[::1]", "::1" } : null,
        };
        app.Use((context, next) => GuardAsync(context, next, access));
        MapEndpoints(app, access, settings);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Address = new Uri($"http://{(endpoint.Address is null ? "localhost" : bound.Host)}:{bound.Port}/");
        LogServing(Address, settings.Token is not null);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task GuardAsync(HttpContext context, RequestDelegate next, StatusAccess access)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        if (!access.HostAllowed(context))
        {
            await RefuseAsync(response, StatusCodes.Status421MisdirectedRequest, "This page answers to this machine's own names only.").ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.Path == "/" && access.TokenInQuery(context))
        {
            // The token leaves the address bar (and the history) at once; the cookie carries it from now on.
            access.SetCookie(context);
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = "/";
            return;
        }

        if (!access.Authorized(context))
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"scraper\"";
            await RefuseAsync(response, StatusCodes.Status401Unauthorized, "A token is required: open /?token=TOKEN once, or send Authorization: Bearer TOKEN.").ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPost(request.Method) && !access.SameOriginPost(context))
        {
            await RefuseAsync(response, StatusCodes.Status403Forbidden, "Only the page's own buttons may do this.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    // With a line of text: a browser shows an error status with an empty body as a failed navigation, not as the answer.
    private static Task RefuseAsync(HttpResponse response, int status, string reason)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(reason);
    }

    private void MapEndpoints(WebApplication app, StatusAccess access, StatusOptions settings)
    {
        var page = StatusPage.Html.Replace("{{csrf}}", access.Csrf, StringComparison.Ordinal);
        app.MapGet("/", (HttpContext context) =>
        {
            var nonce = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            context.Response.Headers.ContentSecurityPolicy = $"default-src 'none'; connect-src 'self'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; form-action 'none'; frame-ancestors 'none'";
            return Results.Content(page.Replace("{{nonce}}", nonce, StringComparison.Ordinal), "text/html; charset=utf-8");
        });
        app.MapGet("/api/status", async (CancellationToken cancellationToken) => Results.Json(await snapshots.TakeAsync(cancellationToken).ConfigureAwait(false), Json));
        app.MapGet("/events", (HttpContext context) => StreamAsync(context, settings.RefreshInterval, app.Lifetime.ApplicationStopping));
        app.MapPost("/api/spiders/{name}/run", (string name) =>
            runs.Find(name) is null ? Results.NotFound() : runs.RunNow(name) ? Results.Accepted() : Results.Conflict("a run is going, or runs cannot be started in run-once mode"));
        app.MapPost("/api/spiders/{name}/stop", (string name) =>
            runs.Find(name) is null ? Results.NotFound() : runs.Stop(name) ? Results.Accepted() : Results.Conflict("no run is going"));
        app.MapGet("/healthz/live", (CancellationToken cancellationToken) => HealthAsync(SchedulerHealthCheck.Tag, cancellationToken));
        app.MapGet("/healthz/ready", (CancellationToken cancellationToken) => HealthAsync(RunsHealthCheck.Tag, cancellationToken));
    }

    /// <summary>Pushes a snapshot now and every refresh interval (server-sent events) until the page or the worker goes.</summary>
    private async Task StreamAsync(HttpContext context, TimeSpan interval, CancellationToken stopping)
    {
        context.Response.ContentType = "text/event-stream";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            do
            {
                var json = JsonSerializer.Serialize(await snapshots.TakeAsync(stop.Token).ConfigureAwait(false), Json);
                await context.Response.WriteAsync($"data: {json}\n\n", stop.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The page was closed, or the worker is stopping.
        }
    }

    private async Task<IResult> HealthAsync(string tag, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(tag), cancellationToken).ConfigureAwait(false);
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return Results.Json(body, Json, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Status page at {Address} (token required: {TokenRequired})")]
    private partial void LogServing(Uri address, bool tokenRequired);
}
