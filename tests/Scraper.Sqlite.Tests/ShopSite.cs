using Scraper.Crawling;
using Scraper.Items;
using WireMock.Server;

namespace Scraper.Sqlite.Tests;

/// <summary>A small shop on WireMock: a listing that sets a session cookie and links to products, each with a price.</summary>
internal sealed class ShopSite : IDisposable
{
    public const int Products = 12;

    public ShopSite()
    {
        var links = string.Concat(Enumerable.Range(1, Products).Select(i => $"<a class=p href=\"/p/{i}\">{i}</a><a class=p href=\"/p/{i}\">again</a>"));
        Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/").UsingGet()).RespondWith(WireMock.ResponseBuilders.Response.Create()
            .WithHeader("Content-Type", "text/html; charset=utf-8").WithHeader("Set-Cookie", "sid=abc123; Path=/; Max-Age=3600")
            .WithBody($"<html><body>{links}</body></html>"));
        for (var i = 1; i <= Products; i++)
        {
            SetPrice(i, $"{i * 10}.00");
        }
    }

    /// <summary>Serves product <paramref name="number"/> with another price from now on (its mapping replaced, by its id).</summary>
    public void SetPrice(int number, string price) =>
        Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"/p/{number}").UsingGet()).WithGuid(new Guid(number, 0, 0, new byte[8])).RespondWith(WireMock.ResponseBuilders.Response.Create()
            .WithHeader("Content-Type", "text/html; charset=utf-8")
            .WithBody($"<html><body><h1>Product {number}</h1><p class=price>{price}</p><a href=\"/\">home</a></body></html>"));

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string Url => Server.Url!;

    public int Hits(string path) => Server.LogEntries.Count(entry => entry.RequestMessage?.Path == path);

    public void Dispose() => Server.Stop();
}

/// <summary>The shop's spider: the listing's links go to a private callback with typed state (the product number).</summary>
internal sealed class ShopSpider(string start, Func<ShopSpider, Scraper.Crawling.Incremental.IncrementalCrawl?>? incremental = null) : Spider
{
    public override IEnumerable<string> StartUrls => [start];

    public override Scraper.Crawling.Incremental.IncrementalCrawl? Incremental => incremental?.Invoke(this);

    /// <summary>Gets a change to each product request before it is yielded (an incremental key, say); none when null.</summary>
    public Func<Request, Request>? Rewrite { get; init; }

    public override IEnumerable<object> Parse(Response response)
    {
        foreach (var href in response.Css("a.p").Select(link => link.GetAttribute("href")!))
        {
            if (response.Follow(href, ParseProduct, new ProductRef(int.Parse(href[3..], System.Globalization.CultureInfo.InvariantCulture))) is { } request)
            {
                yield return Rewrite is null ? request : Rewrite(request);
            }
        }
    }

    public override void ConfigureRequests(Scraper.Crawling.Scheduling.Storage.RequestRegistry requests) => requests.AddState(ShopJson.Default.ProductRef);

    internal IEnumerable<object> ParseProduct(Response response)
    {
        yield return new Product(response.State<ProductRef>().Number, response.SelectText("h1")!, response.SelectText("p.price")!);
        foreach (var back in response.FollowAll("a"))
        {
            yield return back;
        }
    }
}

public sealed record ProductRef(int Number);

public sealed record Product(int Number, string Title, string Price);

[System.Text.Json.Serialization.JsonSerializable(typeof(ProductRef))]
internal sealed partial class ShopJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>Keeps every item that reaches it, and can stop the crawl after a number of them (a "crash" mid-crawl).</summary>
internal sealed class CollectingPipeline(CancellationTokenSource? stopAfter = null, int stopAt = int.MaxValue) : IItemPipeline
{
    public List<Product> Items { get; } = [];

    public async IAsyncEnumerable<object> ProcessAsync(object item, ItemContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        lock (Items)
        {
            Items.Add((Product)item);
            if (Items.Count == stopAt)
            {
                stopAfter?.Cancel();
            }
        }

        await Task.CompletedTask;
        yield return item;
    }
}
