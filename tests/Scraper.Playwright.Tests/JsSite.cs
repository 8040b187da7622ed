using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scraper.Tests.TestSites;

namespace Scraper.Playwright.Tests;

/// <summary>Pages whose content exists only after their scripts ran, served by a real Kestrel site.</summary>
internal static class JsSite
{
    public static Task<KestrelSite> StartAsync() => KestrelSite.StartAsync(Map);

    private static IResult Html(string body) => Results.Content("<!doctype html><html><head><title>t</title></head><body>" + body + "</body></html>", "text/html; charset=utf-8");

    private static void Map(WebApplication app)
    {
        // A listing built from a JSON call.
        app.MapGet("/listing", () => Html("""
            <ul id="list"></ul>
            <script>
            fetch('/api/products').then(r => r.json()).then(items => {
              for (const item of items) {
                const li = document.createElement('li'); li.className = 'product'; li.textContent = item.name;
                document.getElementById('list').appendChild(li);
              }
            });
            </script>
            """));
        app.MapGet("/api/products", () => Results.Json(new[] { new { name = "Anvil" }, new { name = "Bucket" }, new { name = "Crate" } }));

        // Content that comes after a script timer, an answer the server delays, or a flag the page raises.
        app.MapGet("/late", (int? ms) => Html("<script>setTimeout(() => { const d = document.createElement('div'); d.id = 'late'; d.textContent = 'arrived'; document.body.appendChild(d); }, " + (ms ?? 300) + ");</script>"));
        app.MapGet("/idle", () => Html("<script>fetch('/api/slow').then(r => r.text()).then(t => { const p = document.createElement('p'); p.id = 'slow'; p.textContent = t; document.body.appendChild(p); });</script>"));
        app.MapGet("/api/slow", async (CancellationToken token) =>
        {
            await Task.Delay(400, token);
            return Results.Text("slow answer");
        });
        app.MapGet("/flag", () => Html("<script>setTimeout(() => { document.body.insertAdjacentHTML('beforeend', '<p id=\"flagged\">done</p>'); window.ready = true; }, 300);</script>"));

        // A page that never settles: a request the server never answers keeps the network busy.
        app.MapGet("/never", () => Html("<p>waiting</p><script>fetch('/api/hang');</script>"));
        app.MapGet("/api/hang", async (CancellationToken token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return Results.Ok();
        });
        app.MapGet("/plain", () => Html("<h1>plain</h1>"));

        // Infinite scroll: five tall rows at a time, fifteen in all.
        app.MapGet("/scroll", () => Html("""
            <div id="rows"></div>
            <script>
            let next = 0, loading = false;
            function more() {
              if (loading || next >= 15) return;
              loading = true;
              fetch('/api/rows?from=' + next).then(r => r.json()).then(rows => {
                for (const row of rows) { const d = document.createElement('div'); d.className = 'row'; d.style.height = '600px'; d.textContent = row; document.getElementById('rows').appendChild(d); }
                next += rows.length; loading = false;
              });
            }
            window.addEventListener('scroll', () => { if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 50) more(); });
            more();
            </script>
            """));
        app.MapGet("/api/rows", (int from) => Results.Json(Enumerable.Range(from, 5).Select(i => "row " + i)));

        // A "next" link that exists only once a click handler made it.
        app.MapGet("/click", () => Html("""
            <button id="more">more</button>
            <script>
            document.getElementById('more').addEventListener('click', () => {
              const a = document.createElement('a'); a.className = 'next'; a.href = '/plain'; a.textContent = 'next'; document.body.appendChild(a);
            });
            </script>
            """));

        // A search form.
        app.MapGet("/form", () => Html("<form action='/search'><input id='q' name='q'><button id='go' type='submit'>go</button></form>"));
        app.MapGet("/search", (string q) => Html("<p id='query'>" + System.Net.WebUtility.HtmlEncode(q) + "</p>"));

        // Cookies: one set by script, one set by HTTP, a members-only price fetched by script, and an echo.
        app.MapGet("/js-cookie", () => Html("<script>document.cookie = 'jsToken=abc123; path=/; max-age=3600'; document.body.insertAdjacentHTML('beforeend', '<p id=\"set\">set</p>');</script>"));
        app.MapGet("/login", (HttpContext context) =>
        {
            context.Response.Headers.Append("Set-Cookie", "sid=member42; Path=/; HttpOnly");
            return Html("<p>logged in</p>");
        });
        app.MapGet("/js-logout", () => Html("<script>document.cookie = 'jsToken=; path=/; max-age=0'; document.body.insertAdjacentHTML('beforeend', '<p id=\"gone\">gone</p>');</script>"));
        app.MapGet("/http-logout", (HttpContext context) =>
        {
            context.Response.Headers.Append("Set-Cookie", "sid=; Path=/; Max-Age=0");
            return Html("<p>logged out</p>");
        });
        app.MapGet("/members", () => Html("<p id='price'>?</p><script>fetch('/api/price').then(r => r.ok ? r.text() : 'guest').then(t => { const p = document.getElementById('price'); p.textContent = t; p.className = 'loaded'; });</script>"));
        app.MapGet("/api/price", (HttpContext context) => context.Request.Cookies["sid"] == "member42" ? Results.Text("member price 9.99") : Results.StatusCode(401));
        app.MapGet("/echo-cookies", (HttpContext context) => Html("<pre id='cookies'>" + System.Net.WebUtility.HtmlEncode(context.Request.Headers.Cookie.ToString()) + "</pre><p id='script'></p><script>document.getElementById('script').textContent = document.cookie;</script>"));
        // What a page does on its own: dialogs, a download, navigations to another host (localhost is this
        // site under another name), redirects of the main document.
        app.MapGet("/dialogs", () => Html("<script>alert('hello'); const ok = confirm('sure?'); document.body.insertAdjacentHTML('beforeend', '<p id=\"after\">' + ok + '</p>');</script>"));
        app.MapGet("/download", () => Html("<a id='dl' href='/file.bin' download>file</a><p id='page'>still here</p>"));
        app.MapGet("/file.bin", (HttpContext context) =>
        {
            context.Response.Headers.ContentDisposition = "attachment; filename=file.bin";
            return Results.Bytes(new byte[1024], "application/octet-stream");
        });
        app.MapGet("/away", (HttpContext context) => Html($"<button id='go' onclick=\"location.href='http://localhost:{context.Connection.LocalPort}/plain'\">go</button>"));
        app.MapGet("/redirect-away", (HttpContext context) => Results.Redirect($"http://localhost:{context.Connection.LocalPort}/plain"));
        // A 503 with an empty body the first time (Chromium shows its own error page for those), the page after.
        var unavailable = 0;
        app.MapGet("/unavailable-once", () => Interlocked.Increment(ref unavailable) == 1 ? Results.StatusCode(503) : Html("<h1>back</h1>"));
        app.MapGet("/hop", () => Results.Redirect("/hop2"));
        app.MapGet("/hop2", () => Results.Redirect("/plain", permanent: true));
        app.MapGet("/echo-agent", (HttpContext context) => Html("<pre id='agent'>" + System.Net.WebUtility.HtmlEncode(context.Request.Headers.UserAgent.ToString()) + "</pre><pre id='lang'>" + System.Net.WebUtility.HtmlEncode(context.Request.Headers.AcceptLanguage.ToString()) + "</pre>"));
    }
}
