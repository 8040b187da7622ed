using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scraper.Tests.TestSites;

namespace Scraper.Redis.Tests;

/// <summary>
/// A Kestrel site several workers crawl together: / links to every page, each page to three others and home. It
/// counts what it serves itself: hits per path, requests in flight at once, logins, and when each request arrived.
/// A page takes <see cref="Latency"/>, so requests overlap. Pages need the login cookie when <see cref="RequireLogin"/>.
/// </summary>
internal sealed class SharedSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Path, long At)> _arrivals = new();
    private readonly SemaphoreSlim _gated = new(0);
    private KestrelSite? _site;
    private int _inFlight;
    private int _maxInFlight;
    private int _logins;
    private int _served;
    private string? _validSession;

    public int Pages { get; init; } = 24;

    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(20);

    public bool RequireLogin { get; init; }

    /// <summary>Gets the page that answers 429 with Retry-After the first time, or null.</summary>
    public int? TooManyRequestsPage { get; init; }

    /// <summary>Gets the number of pages served after which the login session is forgotten once (a logged-out site), or 0.</summary>
    public int ForgetSessionAfter { get; init; }

    /// <summary>Gets what every page (not /) waits for before it answers, when set: requests stay in flight until the test says.</summary>
    public TaskCompletionSource? Gate { get; init; }

    public Uri Address => _site!.Address;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Logins => Volatile.Read(ref _logins);

    public IReadOnlyDictionary<string, int> Hits => _hits;

    /// <summary>Gets when the 429 was answered (a Stopwatch timestamp), or 0.</summary>
    public long TooManyRequestsAt { get; private set; }

    public IEnumerable<(string Path, long At)> Arrivals => _arrivals;

    public IEnumerable<string> PagePaths => [.. Enumerable.Range(1, Pages).Select(i => $"/p/{i}"), "/"];

    public async Task StartAsync() => _site = await KestrelSite.StartAsync(app => app.Map("/{**path}", ServeAsync));

    /// <summary>Waits until this many page requests are held at the <see cref="Gate"/>.</summary>
    public async Task WaitForGatedAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _gated.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        _gated.Dispose();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _arrivals.Enqueue((path, Stopwatch.GetTimestamp()));
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); now > max; max = Volatile.Read(ref _maxInFlight))
        {
            Interlocked.CompareExchange(ref _maxInFlight, now, max);
        }

        try
        {
            if (Gate is { } gate && path.StartsWith("/p/", StringComparison.Ordinal))
            {
                _gated.Release();
                await gate.Task.WaitAsync(context.RequestAborted);
            }

            await Task.Delay(Latency);
            await AnswerAsync(context, path);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext context, string path)
    {
        if (path == "/login")
        {
            var issued = "s" + Interlocked.Increment(ref _logins);
            Volatile.Write(ref _validSession, issued);
            context.Response.Headers.SetCookie = $"sid={issued}; Path=/";
            await context.Response.WriteAsync("<p>in</p>");
            return;
        }

        if (path == "/login-page")
        {
            await context.Response.WriteAsync("<p>please log in</p>");
            return;
        }

        if (RequireLogin && context.Request.Cookies["sid"] is var sid && (sid is null || sid != Volatile.Read(ref _validSession)))
        {
            context.Response.Redirect("/login-page");
            return;
        }

        var count = _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (TooManyRequestsPage is { } busy && path == $"/p/{busy}" && count == 1)
        {
            TooManyRequestsAt = Stopwatch.GetTimestamp();
            context.Response.Headers.RetryAfter = "1";
            context.Response.StatusCode = 429;
            return;
        }

        if (Interlocked.Increment(ref _served) == ForgetSessionAfter)
        {
            // The site drops the session once: every worker's next page is logged out until one logs in again.
            Volatile.Write(ref _validSession, null);
        }

        var n = path == "/" ? 0 : int.Parse(path[3..], System.Globalization.CultureInfo.InvariantCulture);
        var links = n == 0
            ? Enumerable.Range(1, Pages)
            : Enumerable.Range(1, 3).Select(i => ((n + i - 1) % Pages) + 1);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"<html><body><h1>{path}</h1>{string.Concat(links.Select(i => $"<a href=\"/p/{i}\">{i}</a>"))}<a href=\"/\">home</a></body></html>");
    }
}
