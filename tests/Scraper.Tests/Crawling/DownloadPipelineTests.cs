using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scraper.Crawling;
using Scraper.Crawling.Downloading;
using Scraper.Items;
using Scraper.Tests.TestSites;
using Response = Scraper.Crawling.Response;

namespace Scraper.Tests.Crawling;

/// <summary>The download pipeline: redirects hop by hop through the duplicate filter, user middlewares and handlers.</summary>
public sealed class DownloadPipelineTests
{
    private static async Task<(CrawlResult Result, List<string> Lines)> RunAsync(Spider spider, Action<CrawlerServices>? configure = null, Action<CrawlOptions>? options = null)
    {
        using var output = new MemoryStream();
        await using var exporter = new JsonLinesExporter(output);
        var crawlOptions = new CrawlOptions { Retry = { BaseDelay = TimeSpan.FromMilliseconds(1) }, RandomizeDelay = false, ObeyRobotsTxt = false };
        options?.Invoke(crawlOptions);
        var services = new CrawlerServices { Exporters = { exporter } };
        configure?.Invoke(services);
        var result = await new Crawler(spider, crawlOptions, services).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (result, [.. Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)]);
    }

    private static Task<KestrelSite> StartAsync(ConcurrentQueue<string> served, Action<WebApplication> map) =>
        KestrelSite.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                served.Enqueue(context.Request.Path + context.Request.QueryString);
                await next(context);
            });
            map(app);
        });

    [Fact]
    public async Task Redirects_AHopToAPageAlsoLinkedDirectlyIsFetchedAndParsedOnce()
    {
        var served = new ConcurrentQueue<string>();
        await using var site = await StartAsync(served, app =>
        {
            app.MapGet("/", () => Results.Content("<a href='/old'>old</a><a href='/new'>new</a>", "text/html"));
            app.MapGet("/old", () => Results.Redirect("/new"));
            app.MapGet("/new", () => Results.Content("<p>new</p>", "text/html"));
        });

        var (result, lines) = await RunAsync(new LinkFollowingSpider(site.At("/")));

        Assert.Single(served, path => path == "/new");
        Assert.Single(served, path => path == "/old");
        Assert.Equal(2, lines.Count);
        Assert.Single(lines, line => line.Contains("/new\",\"body\"", StringComparison.Ordinal));
        Assert.Equal(1, result.Stats.Events["redirect/duplicate_hop"]);
    }

    [Fact]
    public async Task Redirects_TheResponseCarriesTheFirstRequestAndItsHops()
    {
        var served = new ConcurrentQueue<string>();
        await using var site = await StartAsync(served, app =>
        {
            app.MapGet("/a", () => Results.Redirect("/b"));
            app.MapGet("/b", () => Results.Redirect("/c"));
            app.MapGet("/c", () => Results.Content("<p>c</p>", "text/html"));
        });
        var seen = new ConcurrentBag<(string Request, string Url, int Hops)>();

        await RunAsync(new CallbackSpider(site.At("/a"), response =>
        {
            seen.Add((response.Request.Url.AbsolutePath, response.Url.AbsolutePath, response.History.Count));
            return [];
        }));

        Assert.Equal([("/a", "/c", 2)], seen);
    }

    [Fact]
    public async Task Redirects_CredentialHeadersOfACrawlRequestStayWithItsOrigin()
    {
        var headers = new ConcurrentDictionary<string, string>();
        await using var other = await KestrelSite.StartAsync(app => app.MapGet("/landing", (HttpContext context) =>
        {
            headers["authorization"] = context.Request.Headers.Authorization.ToString();
            headers["x-kept"] = context.Request.Headers["X-Kept"].ToString();
            return Results.Content("<p>landed</p>", "text/html");
        }));
        await using var site = await KestrelSite.StartAsync(app => app.MapGet("/go", () => Results.Redirect(new Uri(new UriBuilder(other.Address) { Host = "localhost" }.Uri, "/landing").AbsoluteUri)));
        var start = new Request(site.At("/go")) { Headers = new Dictionary<string, string?> { ["Authorization"] = "Bearer s3cret", ["X-Kept"] = "yes" } };

        var (_, lines) = await RunAsync(new CallbackSpider(start, _ => [new { landed = true }]));

        Assert.Single(lines);
        Assert.Equal("", headers["authorization"]);
        Assert.Equal("yes", headers["x-kept"]);
    }

    [Fact]
    public async Task Middleware_CanAnswerChangeAndObserveRequestsAroundTheBuiltIns()
    {
        var served = new ConcurrentQueue<string>();
        var headerSeen = new ConcurrentBag<string>();
        await using var site = await StartAsync(served, app =>
        {
            app.MapGet("/", () => Results.Content("<a href='/canned'>c</a><a href='/real'>r</a>", "text/html"));
            app.MapGet("/real", (HttpContext context) =>
            {
                headerSeen.Add(context.Request.Headers["X-Added"].ToString());
                return Results.Content("<p>real</p>", "text/html");
            });
        });
        var middleware = new CannedAndHeaderMiddleware();

        var (result, lines) = await RunAsync(new LinkFollowingSpider(site.At("/")), services => services.DownloadMiddlewares.Add(middleware));

        Assert.Equal(3, lines.Count);
        Assert.Contains(lines, line => line.Contains("from the middleware", StringComparison.Ordinal));
        Assert.DoesNotContain("/canned", served);
        Assert.Equal(["by middleware"], headerSeen);
        Assert.Equal(1, result.Stats.Events["test/canned"]);
        Assert.Equal(3, result.Stats.Responses);
        Assert.Equal(2, result.Stats.Requests);
    }

    [Fact]
    public async Task Handler_ChosenPerRequestAnswersWithoutTheNetwork()
    {
        var handler = new MemoryHandler();
        var (result, lines) = await RunAsync(
            new LinkFollowingSpider(new Uri("http://memory.test/one")),
            services => services.DownloadHandlers.Add(handler));

        Assert.Equal(2, lines.Count);
        Assert.Equal(2, result.Stats.ResponsesByStatus[200]);
    }

    private sealed class CannedAndHeaderMiddleware : IDownloadMiddleware
    {
        public async ValueTask<Response> InvokeAsync(Request request, DownloadContext context, DownloadDelegate next, CancellationToken cancellationToken)
        {
            if (request.Url.AbsolutePath == "/canned")
            {
                context.Stats.Count("test/canned");
                return Response.Create(request, HttpStatusCode.OK, "<p>from the middleware</p>"u8.ToArray(), [new("Content-Type", "text/html")], session: context.Session);
            }

            return await next(request with { Headers = new Dictionary<string, string?>(request.Headers) { ["X-Added"] = "by middleware" } }, context, cancellationToken);
        }
    }

    private sealed class MemoryHandler : IDownloadHandler
    {
        public bool CanHandle(Request request) => request.Url.Host == "memory.test";

        public ValueTask<Response> DownloadAsync(Request request, DownloadContext context, CancellationToken cancellationToken)
        {
            var body = request.Url.AbsolutePath == "/one" ? "<a href='/two'>two</a>" : "<p>two</p>";
            return ValueTask.FromResult(Response.Create(request, HttpStatusCode.OK, Encoding.UTF8.GetBytes(body), [new("Content-Type", "text/html")]));
        }
    }

    private sealed class CallbackSpider(Request start, Func<Response, IEnumerable<object>> parse) : Spider
    {
        public CallbackSpider(Uri start, Func<Response, IEnumerable<object>> parse)
            : this(new Request(start), parse)
        {
        }

        public override async IAsyncEnumerable<Request> StartRequestsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return start;
            await Task.CompletedTask;
        }

        public override async IAsyncEnumerable<object> ParseAsync(Response response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var item in parse(response))
            {
                yield return item;
            }

            await Task.CompletedTask;
        }
    }
}
