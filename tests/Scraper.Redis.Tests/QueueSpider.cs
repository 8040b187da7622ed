using Scraper.Crawling;
using Scraper.Crawling.Scheduling;

namespace Scraper.Redis.Tests;

/// <summary>A spider for frontier tests: its methods are what stored requests name.</summary>
internal sealed class QueueSpider : Spider
{
    public static QueueSpider Shared { get; } = new();

    public static FrontierContext Context() => new(Shared);

    public override IEnumerable<object> Parse(Response response) => [];

    public IEnumerable<object> Detail(Response response) => [response.Url];
}
