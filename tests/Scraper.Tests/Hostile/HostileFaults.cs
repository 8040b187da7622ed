using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Scraper.Tests.Hostile;

/// <summary>
/// The faults Kestrel can serve, one endpoint each (the raw-socket ones are in <see cref="RawSocketServer"/>).
/// Streaming endpoints stop when the client goes away or the site stops, so no test waits on a fault.
/// </summary>
internal static class HostileFaults
{
    /// <summary>How many times <c>/storm</c> answers 500 before it recovers.</summary>
    public const int StormFailures = 3;

    public const long HugeBodySize = 200L * 1024 * 1024;

    public const int DeepNesting = 100_000;

    public const int CookieFlood = 1_000;

    public const int FloodLinks = 100_000;

    public static void Map(WebApplication app, HostileSite site)
    {
        MapStatuses(app, site);
        MapSlowAndLarge(app);
        MapEncodingsAndHtml(app);
        MapHeaders(app);
        MapLinks(app, site);
    }

    private static void MapStatuses(WebApplication app, HostileSite site)
    {
        app.MapGet("/storm", context => site.NextAttempt("storm") <= StormFailures
            ? HostileSite.WriteHtmlAsync(context, HostileSite.Page("Storm error"), 500)
            : HostileSite.WriteHtmlAsync(context, HostileSite.Page("Storm")));
        app.MapGet("/throttle/seconds", context => ThrottleOnceAsync(context, site, "seconds", 429, "1"));
        // An HTTP date has whole seconds: two seconds ahead is a pause of one to two seconds.
        app.MapGet("/throttle/date", context => ThrottleOnceAsync(context, site, "date", 503,
            TimeProvider.System.GetUtcNow().AddSeconds(2).ToString("R", CultureInfo.InvariantCulture)));
        app.MapGet("/throttle/long", context =>
        {
            context.Response.Headers.RetryAfter = "3600";
            return HostileSite.WriteHtmlAsync(context, HostileSite.Page("Come back in an hour"), 429);
        });
        app.MapGet("/redirect/loop-a", () => Results.Redirect("/redirect/loop-b"));
        app.MapGet("/redirect/loop-b", () => Results.Redirect("/redirect/loop-a"));
        app.MapGet("/redirect/chain/{n:int}", (HttpContext context, int n) => n < 100
            ? Results.Redirect($"/redirect/chain/{n + 1}").ExecuteAsync(context)
            : HostileSite.WriteHtmlAsync(context, HostileSite.Page("End of the chain")));
    }

    private static Task ThrottleOnceAsync(HttpContext context, HostileSite site, string key, int status, string retryAfter)
    {
        if (site.NextAttempt(key) > 1)
        {
            return HostileSite.WriteHtmlAsync(context, HostileSite.Page($"Throttled {key}"));
        }

        context.Response.Headers.RetryAfter = retryAfter;
        return HostileSite.WriteHtmlAsync(context, HostileSite.Page("Slow down"), status);
    }

    private static void MapSlowAndLarge(WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        app.MapGet("/slow/trickle", context => UntilGoneAsync(context, stopping, async token =>
        {
            context.Response.ContentType = "text/html";
            context.Response.ContentLength = 100;
            for (var i = 0; i < 100; i++)
            {
                await context.Response.Body.WriteAsync("x"u8.ToArray(), token);
                await context.Response.Body.FlushAsync(token);
                await Task.Delay(TimeSpan.FromSeconds(1), token);
            }
        }));
        app.MapGet("/slow/silent", context => UntilGoneAsync(context, stopping, async token =>
        {
            context.Response.ContentType = "text/html";
            context.Response.ContentLength = 100;
            await context.Response.StartAsync(token);
            await context.Response.Body.FlushAsync(token);
            await Task.Delay(Timeout.Infinite, token);
        }));
        app.MapGet("/body/huge", context => UntilGoneAsync(context, stopping, token => WriteFillerAsync(context, HugeBodySize, token)));
        app.MapGet("/body/huge-declared", context => UntilGoneAsync(context, stopping, token =>
        {
            context.Response.ContentLength = HugeBodySize;
            return WriteFillerAsync(context, HugeBodySize, token);
        }));
        app.MapGet("/body/bomb", context => UntilGoneAsync(context, stopping, token =>
        {
            context.Response.ContentType = "text/html";
            context.Response.Headers.ContentEncoding = "gzip";
            return GzipBomb.WriteAsync(context.Response.Body, token);
        }));
    }

    /// <summary>Runs a streaming answer until it ends, the client goes away or the site stops.</summary>
    private static async Task UntilGoneAsync(HttpContext context, CancellationToken stopping, Func<CancellationToken, Task> write)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await write(gone.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client gave up (timeout, size limit) or the test ended: exactly what these faults provoke.
        }
    }

    private static async Task WriteFillerAsync(HttpContext context, long size, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/html";
        var block = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
        for (long written = 0; written < size; written += block.Length)
        {
            await context.Response.Body.WriteAsync(block, cancellationToken);
        }
    }

    private static void MapEncodingsAndHtml(WebApplication app)
    {
        // "caf", a truncated two-byte sequence before "e", then two bytes that never occur in UTF-8.
        app.MapGet("/enc/bad-utf8", context => WriteBytesAsync(context, "text/html; charset=utf-8",
            [.. "<html><body><h1>caf"u8, 0xC3, .. "e "u8, 0xFF, 0xFE, .. " ok</h1></body></html>"u8]));
        app.MapGet("/enc/bogus-label", context => WriteBytesAsync(context, "text/html; charset=x-no-such-charset",
            Encoding.UTF8.GetBytes("<html><body><h1>naïve</h1></body></html>")));
        app.MapGet("/enc/latin1-label", context => WriteBytesAsync(context, "text/html; charset=iso-8859-1",
            Encoding.UTF8.GetBytes("<html><body><h1>café</h1></body></html>")));
        app.MapGet("/html/malformed", context => WriteBytesAsync(context, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(
            "<html><body><h1>Broken<h1>again<b><i>mis</b>nested</i></div></span></p><<>>><table><tr><td>cell</table>"
            + "\0<p <p> <a href=\"/good/2\">two</a><a href='/good/3>unterminated<!-- and a comment that never ends")));
        app.MapGet("/html/deep", context => WriteBytesAsync(context, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(
            "<html><body><h1>Deep</h1>" + string.Concat(Enumerable.Repeat("<div>", DeepNesting)) + "bottom"
            + string.Concat(Enumerable.Repeat("</div>", DeepNesting)) + "</body></html>")));
    }

    private static Task WriteBytesAsync(HttpContext context, string contentType, byte[] body)
    {
        context.Response.ContentType = contentType;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static void MapHeaders(WebApplication app)
    {
        app.MapGet("/cookies/flood", context =>
        {
            context.Response.Headers.SetCookie = Enumerable.Range(0, CookieFlood).Select(i => $"f{i}={i}; Path=/").ToArray();
            return HostileSite.WriteHtmlAsync(context, HostileSite.Page("Cookie flood", AfterCookiesLink));
        });
        // 40 KB fits .NET's 64 KB response-header limit but not Kestrel's 32 KB request-header limit: a jar that
        // kept it would break every later request to the site.
        app.MapGet("/cookies/large", context => WithHeaderAsync(context, "Set-Cookie", "large=" + new string('c', 40_000) + "; Path=/", "Large cookie", AfterCookiesLink));
        app.MapGet("/cookies/after", context => HostileSite.WriteHtmlAsync(context, HostileSite.Page("After the cookies")));
        app.MapGet("/cookies/huge", context => WithHeaderAsync(context, "Set-Cookie", "huge=" + new string('c', 100 * 1024) + "; Path=/", "Huge cookie"));
        app.MapGet("/headers/huge", context => WithHeaderAsync(context, "X-Filler", new string('h', 1024 * 1024), "Huge header"));
    }

    /// <summary>A page only the cookie faults link to, so that a request certainly follows them.</summary>
    private const string AfterCookiesLink = "<a href=\"/cookies/after\">after</a>";

    private static Task WithHeaderAsync(HttpContext context, string name, string value, string title, string links = "")
    {
        context.Response.Headers.Append(name, value);
        return HostileSite.WriteHtmlAsync(context, HostileSite.Page(title, links));
    }

    /// <summary>The 10 KB link of the links page.</summary>
    public static string LongLinkPath { get; } = "/links/long-" + new string('x', 10 * 1024);

    private static void MapLinks(WebApplication app, HostileSite site)
    {
        app.MapGet("/links", context => HostileSite.WriteHtmlAsync(context, HostileSite.Page("Links",
            $"""
            <a href="/links/sp ace">space</a>
            <a href="/links/t&#9;ab">tab</a>
            <a href="/links/new&#10;line">newline</a>
            <a href="  /links/padded&#9; ">padded</a>
            <a href="/links/ünï">unicode</a>
            <a href="/links/pct%zz">bad escape</a>
            <a href="javascript:alert(1)">script</a>
            <a href="data:text/html,&lt;h1&gt;x&lt;/h1&gt;">data</a>
            <a href="{LongLinkPath}">long</a>
            <a href="/links/a/b/../../../good/3">dots</a>
            <a href="/../good/4">above the root</a>
            <a href="{new Uri(site.Ipv6Address, "/links/v6").AbsoluteUri}">IPv6 literal</a>
            """)));
        app.MapGet("/links/{**rest}", (HttpContext context, string rest) => HostileSite.WriteHtmlAsync(context, HostileSite.Page("Link " + rest[..Math.Min(rest.Length, 40)])));
        app.MapGet("/flood", context => HostileSite.WriteHtmlAsync(context, HostileSite.Page("Flood",
            string.Concat(Enumerable.Range(0, FloodLinks).Select(i => $"<a href=\"/flood/{i}\">{i}</a>\n")))));
        app.MapGet("/robots.txt", () => "User-agent: *\nDisallow: /flood/\n");
    }
}
