using System.Text;
using System.Text.Json.Serialization;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling.Storage;
using Scraper.Http;

namespace Scraper.Tests.Scheduling;

public sealed class RequestCodecTests
{
    [Fact]
    public void RoundTrip_EveryField_ComesBackEqual()
    {
        var spider = new StoringSpider();
        var codec = spider.Codec();
        var request = new Request("https://shop.test/items?id=3", spider.Item)
        {
            Method = HttpMethod.Post,
            Body = new RequestContent(Encoding.UTF8.GetBytes("a=1&b=2"), "application/x-www-form-urlencoded"),
            Headers = new Dictionary<string, string?> { ["X-Trace"] = "t1", ["Accept-Language"] = null },
            Params = [new("page", "2"), new("page", "3"), new("drop", null)],
            Cookies = new Dictionary<string, string> { ["pref"] = "eu" },
            Timeout = TimeSpan.FromMilliseconds(1500),
            MaxResponseSize = 4096,
            Errback = spider.Failure,
            State = new ProductState("sku-1", 3, ["red", "blue"]),
            Priority = -4,
            Depth = 7,
            Session = "account-b",
            DontFilter = true,
            FollowRedirects = false,
            Retry = false,
            ObeyRobots = false,
            Features = RequestFeatures.Empty.With(new RenderHint("wait-for-grid")).With(new TransientHint("lost")),
        };

        var back = codec.Deserialize(codec.Serialize(request));

        Assert.Equal(request.Url, back.Url);
        Assert.Equal(HttpMethod.Post, back.Method);
        Assert.Equal("a=1&b=2", Encoding.UTF8.GetString(back.Body!.Bytes.Span));
        Assert.Equal("application/x-www-form-urlencoded", back.Body.ContentType);
        Assert.Equal(request.Headers.OrderBy(h => h.Key), back.Headers.OrderBy(h => h.Key));
        Assert.Equal(request.Params, back.Params);
        Assert.Equal(request.Cookies, back.Cookies);
        Assert.Equal(request.Timeout, back.Timeout);
        Assert.Equal(4096, back.MaxResponseSize);
        Assert.Equal(nameof(StoringSpider.Item), back.Callback!.Value.Target.Method.Name);
        Assert.Same(spider, back.Callback.Value.Target.Target);
        Assert.Equal("OnFailure", back.Errback!.Value.Target.Method.Name);
        var state = Assert.IsType<ProductState>(back.State);
        Assert.Equal(("sku-1", 3), (state.Sku, state.Page));
        Assert.Equal(["red", "blue"], state.Colours);
        Assert.Equal((-4, 7, "account-b"), (back.Priority, back.Depth, back.Session));
        Assert.True(back.DontFilter);
        Assert.False(back.FollowRedirects);
        Assert.False(back.Retry);
        Assert.False(back.ObeyRobots);
        Assert.Equal("wait-for-grid", back.Features.Get<RenderHint>()?.Selector);
        // A feature type nobody registered belongs to the process: it is not stored.
        Assert.Null(back.Features.Get<TransientHint>());
    }

    [Fact]
    public void RoundTrip_PlainLink_KeepsDefaultsAndDefaultCallback()
    {
        var codec = new StoringSpider().Codec();

        var back = codec.Deserialize(codec.Serialize(new Request("https://shop.test/")));

        Assert.Equal(HttpMethod.Get, back.Method);
        Assert.Null(back.Callback);
        Assert.Null(back.Errback);
        Assert.Null(back.State);
        Assert.True(back.FollowRedirects);
        Assert.True(back.ObeyRobots);
        Assert.Null(back.Retry);
        Assert.Empty(back.Headers);
    }

    [Fact]
    public void RoundTrip_AsyncCallbackAndBuiltInState_Survive()
    {
        var spider = new StoringSpider();
        var codec = spider.Codec();

        var back = codec.Deserialize(codec.Serialize(new Request("https://shop.test/", spider.ItemAsync) { State = 42L }));

        Assert.False(back.Callback!.Value.IsSynchronous);
        Assert.Equal(nameof(StoringSpider.ItemAsync), back.Callback.Value.Target.Method.Name);
        Assert.Equal(42L, back.State);
    }

    [Fact]
    public void Serialize_LambdaCallback_ThrowsNamingIt()
    {
        var codec = new StoringSpider().Codec();
        var request = new Request("https://shop.test/", response => [response.Url]);

        var error = Assert.Throws<RequestNotStorableException>(() => codec.Serialize(request));

        Assert.Contains("lambda", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(RequestCodecTests), error.Message, StringComparison.Ordinal);
        Assert.Contains("ConfigureRequests", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_MethodOfAnotherObject_ThrowsSayingSo()
    {
        var codec = new StoringSpider().Codec();
        var request = new Request("https://shop.test/", new StoringSpider().Item);

        var error = Assert.Throws<RequestNotStorableException>(() => codec.Serialize(request));

        Assert.Contains("not a method of the spider", error.Message, StringComparison.Ordinal);
        Assert.Contains("StoringSpider.Item", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundTrip_DelegateNamedInConfigureRequests_ResolvesToIt()
    {
        var spider = new StoringSpider();
        var codec = spider.Codec();

        var back = codec.Deserialize(codec.Serialize(new Request("https://shop.test/", spider.Named)));

        Assert.Same(spider.Named, back.Callback!.Value.Target);
    }

    [Fact]
    public void Serialize_StateWithoutContract_ThrowsNamingTheType()
    {
        var codec = new StoringSpider().Codec();

        var error = Assert.Throws<RequestNotStorableException>(() => codec.Serialize(new Request("https://shop.test/") { State = new TransientHint("x") }));

        Assert.Contains(typeof(TransientHint).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("AddState", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_RequestWithItsOwnCredentials_IsRefused()
    {
        var codec = new StoringSpider().Codec();

        var error = Assert.Throws<RequestNotStorableException>(() => codec.Serialize(new Request("https://shop.test/") { Auth = SessionAuth.Bearer("secret-token") }));

        Assert.Contains("Request.Auth", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_OtherFormatVersion_ThrowsInvalidData()
    {
        var codec = new StoringSpider().Codec();

        var error = Assert.Throws<InvalidDataException>(() => codec.Deserialize("""{"v":2,"url":"https://shop.test/"}"""u8.ToArray()));

        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_RenamedCallback_ThrowsNamingIt()
    {
        var codec = new StoringSpider().Codec();

        var error = Assert.Throws<RequestNotStorableException>(() => codec.Deserialize("""{"v":1,"url":"https://shop.test/","callback":"ParseOld"}"""u8.ToArray()));

        Assert.Contains("'ParseOld'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Garbage_ThrowsInvalidData() =>
        Assert.Throws<InvalidDataException>(() => new StoringSpider().Codec().Deserialize("{not json"u8.ToArray()));
}

public sealed record ProductState(string Sku, int Page, IReadOnlyList<string> Colours);

public sealed record RenderHint(string Selector);

public sealed record TransientHint(string Note);

[JsonSerializable(typeof(ProductState))]
[JsonSerializable(typeof(RenderHint))]
internal sealed partial class StoringJson : JsonSerializerContext;

internal sealed class StoringSpider : Spider
{
    public StoringSpider() => Named = response => [response.Url];

    public Func<Response, IEnumerable<object>> Named { get; }

    public ErrorCallback Failure => new(OnFailure);

    public override void ConfigureRequests(RequestRegistry requests) =>
        requests.AddState(StoringJson.Default.ProductState).AddFeature(StoringJson.Default.RenderHint).Add("named", new ParseCallback(Named));

    public RequestCodec Codec()
    {
        var registry = new RequestRegistry(this);
        ConfigureRequests(registry);
        return new RequestCodec(registry);
    }

    public override IEnumerable<object> Parse(Response response) => [];

    internal IEnumerable<object> Item(Response response) => [response.Url];

    internal async IAsyncEnumerable<object> ItemAsync(Response response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return response.Url;
    }

    // Private on purpose: the registry finds private methods too.
    private IEnumerable<object> OnFailure(RequestFailure failure) => [failure.Request.Url];
}
