using System.Runtime.CompilerServices;
using Scraper.Crawling;
using Response = Scraper.Crawling.Response;

namespace Scraper.Tests.Crawling;

/// <summary>Starts from the given URLs, yields one <see cref="VisitedPage"/> per page and follows every link.</summary>
internal sealed class LinkFollowingSpider(params Uri[] starts) : Spider
{
    public override async IAsyncEnumerable<Request> StartRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var start in starts)
        {
            yield return new Request(start);
        }

        await Task.CompletedTask;
    }

    public override IEnumerable<object> Parse(Response response)
    {
        yield return new VisitedPage(response.Url.Host + response.Url.AbsolutePath, response.Text);
        foreach (var link in response.FollowAll("a"))
        {
            yield return link;
        }
    }
}

/// <summary>The item of <see cref="LinkFollowingSpider"/>: where the page was and what it said.</summary>
/// <param name="Page">Host and path.</param>
/// <param name="Body">The page's text.</param>
internal sealed record VisitedPage(string Page, string Body);
