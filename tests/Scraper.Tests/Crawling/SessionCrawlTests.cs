using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scraper.Crawling;
using Scraper.Http;
using Scraper.Items;
using Scraper.Tests.TestSites;
using Response = Scraper.Crawling.Response;

namespace Scraper.Tests.Crawling;

/// <summary>Crawls through sessions: login, expiry and re-login, named sessions, per-domain Retry-After.</summary>
public sealed class SessionCrawlTests
{
    private sealed record Page(string Path, string Session, string Body);

    private static async Task<(CrawlResult Result, List<string> Lines)> RunAsync(Spider spider, Action<CrawlOptions>? configure = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream();
        await using var exporter = new JsonLinesExporter(output);
        var options = new CrawlOptions { Retry = { BaseDelay = TimeSpan.FromMilliseconds(1) }, RandomizeDelay = false, ObeyRobotsTxt = false };
        configure?.Invoke(options);
        var services = new CrawlerServices { Exporters = { exporter }, TimeProvider = time ?? TimeProvider.System };
        var result = await new Crawler(spider, options, services).RunAsync(cancellationToken);
        return (result, [.. Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)]);
    }

    /// <summary>A members site: a CSRF login form; a login session serves <paramref name="pagesPerSession"/> item pages, then the site forgets it.</summary>
    private sealed class MembersSite(int pagesPerSession, string password)
    {
        private readonly ConcurrentDictionary<string, int> _sessions = new();
        private int _logins;

        public int Logins => Volatile.Read(ref _logins);

        public ConcurrentBag<string> Served { get; } = [];

        public void Map(WebApplication app)
        {
            app.MapGet("/login", () => Results.Content(
                "<form method=post action=/login><input type=hidden name=csrf value=t0k3n><input name=user><input type=password name=password><button>Go</button></form>", "text/html"));
            app.MapPost("/login", async (HttpContext context) =>
            {
                var form = await context.Request.ReadFormAsync();
                if (form["csrf"] != "t0k3n" || form["password"] != password)
                {
                    return Results.Content("<p>wrong</p><form method=post action=/login></form>", "text/html");
                }

                Interlocked.Increment(ref _logins);
                var sid = Guid.NewGuid().ToString("N");
                _sessions[sid] = 0;
                context.Response.Cookies.Append("sid", sid);
                return Results.Redirect("/");
            });
            app.MapGet("/", () => Results.Content("<h1>Home</h1>", "text/html"));
            app.MapGet("/list", () => Results.Content(string.Concat(Enumerable.Range(1, 30).Select(i => $"<a href='/item/{i}'>{i}</a>")), "text/html"));
            app.MapGet("/item/{id:int}", (int id, HttpContext context) =>
            {
                var sid = context.Request.Cookies["sid"];
                if (sid is null || !_sessions.TryGetValue(sid, out _))
                {
                    return Results.Redirect("/login");
                }

                if (_sessions.AddOrUpdate(sid, 1, (_, n) => n + 1) >= pagesPerSession)
                {
                    _sessions.TryRemove(sid, out _);
                }

                Served.Add($"/item/{id}");
                return Results.Content($"<h1>Item {id}</h1>", "text/html");
            });
        }
    }

    private sealed class MembersSpider(Uri site, string password) : Spider
    {
        public override IEnumerable<string> StartUrls => [new Uri(site, "/list").AbsoluteUri];

        public override LoggedOutDetector LoggedOut => LoggedOutDetector.RedirectTo("/login");

        public override async Task LoginAsync(Session session, CancellationToken cancellationToken = default)
        {
            var page = await session.GetDocumentAsync(new Uri(site, "/login").AbsoluteUri, cancellationToken);
            var answer = await session.SubmitFormAsync(page, new Dictionary<string, string?> { ["user"] = "ann", ["password"] = password }, cancellationToken: cancellationToken);
            if (answer.Url.AbsolutePath != "/")
            {
                throw new LoginFailedException($"The site refused the login ({answer.Url}).");
            }
        }

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var link in response.FollowAll("a", ParseItemAsync))
            {
                yield return link;
            }

            await Task.CompletedTask;
        }

        private async IAsyncEnumerable<object> ParseItemAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new Page(response.Url.AbsolutePath, response.Request.Session ?? SpiderSessions.DefaultName, response.SelectText("h1") ?? "");
            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Login_SessionThatExpiresMidCrawlIsLoggedInAgainOnceAndThePageReplayed()
    {
        var members = new MembersSite(pagesPerSession: 10, password: "pw");
        await using var site = await KestrelSite.StartAsync(members.Map);

        var (result, lines) = await RunAsync(new MembersSpider(site.Address, "pw"), o => o.ConcurrentRequestsPerDomain = 4);

        Assert.Equal(CrawlOutcome.Completed, result.Outcome);
        Assert.Equal(30, lines.Count);
        Assert.Equal(30, members.Served.Distinct().Count());
        Assert.Equal(30, members.Served.Count);
        Assert.Equal(3, members.Logins);
        Assert.Equal(3, result.Stats.Logins);
    }

    [Fact]
    public async Task Login_RefusedLoginStopsTheSpiderWithAClearError()
    {
        var members = new MembersSite(pagesPerSession: 10, password: "right");
        await using var site = await KestrelSite.StartAsync(members.Map);

        var (result, lines) = await RunAsync(new MembersSpider(site.Address, "wrong"));

        Assert.Equal(CrawlOutcome.Failed, result.Outcome);
        Assert.IsType<LoginFailedException>(result.Error);
        Assert.Contains("refused the login", result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(lines);
        Assert.Empty(members.Served);
    }

    private sealed class TwoAccountsSpider(Uri site) : Spider
    {
        public override void ConfigureSessions(SpiderSessions sessions) =>
            sessions.Add("alice").Add("bob", options => options.DefaultHeaders["X-Account"] = "bob");

        public override async IAsyncEnumerable<Request> StartRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new Request(new Uri(site, "/set?name=alice")) { Session = "alice" };
            yield return new Request(new Uri(site, "/set?name=bob")) { Session = "bob" };
            await Task.CompletedTask;
        }

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (response.Url.AbsolutePath == "/set")
            {
                // The same URL on two sessions is two requests: the duplicate filter keeps both.
                yield return response.Follow("/whoami")!;
            }
            else
            {
                yield return new Page("/whoami", response.Request.Session!, response.Text);
            }

            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Sessions_TwoNamedSessionsKeepSeparateJarsAndHeaders()
    {
        await using var site = await KestrelSite.StartAsync(app =>
        {
            app.MapGet("/set", (string name, HttpContext context) =>
            {
                context.Response.Cookies.Append("user", name);
                return Results.Content("<p>set</p>", "text/html");
            });
            app.MapGet("/whoami", (HttpContext context) => $"{context.Request.Cookies["user"]}|{context.Request.Headers["X-Account"]}");
        });

        var (_, lines) = await RunAsync(new TwoAccountsSpider(site.Address));

        Assert.Equal(
            ["{\"path\":\"/whoami\",\"session\":\"alice\",\"body\":\"alice|\"}", "{\"path\":\"/whoami\",\"session\":\"bob\",\"body\":\"bob|bob\"}"],
            lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Politeness_RetryAfterOnOneDomainPausesOnlyThatDomain()
    {
        var served = new ConcurrentQueue<string>();
        var limited = 0;
        var otherDomainDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var site = await KestrelSite.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                served.Enqueue(context.Request.Host.Host + context.Request.Path);
                await next(context);
            });
            app.MapGet("/limited", (HttpContext context) =>
            {
                if (Interlocked.Increment(ref limited) == 1)
                {
                    context.Response.Headers.RetryAfter = "45";
                    return Results.StatusCode(429);
                }

                return Results.Content("<p>finally</p>", "text/html");
            });
            app.MapGet("/free/{i:int}", (int i) =>
            {
                if (i == 5)
                {
                    otherDomainDone.TrySetResult();
                }

                return Results.Content(i < 5 ? $"<a href='/free/{i + 1}'>next</a>" : "<p>end</p>", "text/html");
            });
        });
        var limitedHost = new UriBuilder(site.Address) { Host = "localhost" }.Uri;
        var time = new TimerWatchingTimeProvider();

        // Request timeouts run on the same fake clock: make them longer than the jump, so only the pause ends.
        var crawl = RunAsync(new LinkFollowingSpider(new Uri(limitedHost, "/limited"), new Uri(site.Address, "/free/1")), o => o.Session.Timeout = TimeSpan.FromHours(1), time);
        await otherDomainDone.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await time.TimerCreated(TimeSpan.FromSeconds(45)).WaitAsync(TimeSpan.FromSeconds(20));
        var beforeResume = served.ToList();
        time.Advance(TimeSpan.FromSeconds(45));
        var (result, lines) = await crawl.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(6, lines.Count);
        Assert.Equal(["localhost/limited"], beforeResume.Where(path => path.StartsWith("localhost", StringComparison.Ordinal)));
        Assert.Equal(5, beforeResume.Count(path => path.Contains("/free/", StringComparison.Ordinal)));
        Assert.Equal(2, served.Count(path => path == "localhost/limited"));
        Assert.Equal(1, result.Stats.Retries);
    }
}
