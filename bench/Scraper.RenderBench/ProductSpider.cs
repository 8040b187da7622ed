using Scraper.Crawling;
using Scraper.Playwright;

namespace Scraper.RenderBench;

/// <summary>The first N product pages of the demo shop, each read for its name and price, over HTTP or rendered.</summary>
internal sealed class ProductSpider(Uri shop, int pages, bool rendered) : Spider
{
    public override async IAsyncEnumerable<Request> StartRequestsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        for (var id = 1; id <= pages; id++)
        {
            var request = new Request(new Uri(shop, $"/product/{id}"));
            yield return rendered ? request.Rendered() : request;
        }
    }

    public override IEnumerable<object> Parse(Response response)
    {
        yield return new Product(response.SelectText("h1")!, response.SelectText(".price"));
    }
}

internal sealed record Product(string Name, string? Price);
