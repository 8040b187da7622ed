using Scraper.Crawling;
using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite.Tests;

/// <summary>A spider for frontier tests: its methods are what stored requests name.</summary>
internal sealed class QueueSpider : Spider
{
    /// <summary>Gets the spider every frontier of a test class serves (a callback of another instance is not storable).</summary>
    public static QueueSpider Shared { get; } = new();

    public static FrontierContext Context() => new(Shared);

    public override IEnumerable<object> Parse(Response response) => [];

    public IEnumerable<object> Detail(Response response) => [response.Url];
}
