using Scraper.Crawling;
using Scraper.Http;
using Scraper.Playwright;

namespace JsShop;

/// <summary>
/// Crawls the demo shop's JavaScript section (<c>/js/</c>) in the browser: the listing exists only once its
/// script has fetched it, and the next page only behind a button's click handler, so each page is rendered and
/// the next one reached by rendering this one again and clicking. It logs in over plain HTTP first; the browser
/// shares the session's cookies, so the script's call for prices is a member's. A listing rendered for a guest
/// (the session was ended) shows a log-in link: the detector sees it in the rendered DOM and logs in again.
/// </summary>
public sealed class JsShopSpider(Uri shop, string user, string password) : Spider
{
    // The page raises this flag when its listing is in the DOM; it is dropped before a click navigates.
    private static readonly RenderOptions Listing = new() { WaitFor = [RenderWait.ForSelector("body[data-ready]")] };

    public override IEnumerable<string> AllowedDomains => [shop.Host];

    public override LoggedOutDetector LoggedOut => LoggedOutDetector.Selector("a.login-to-see");

    public override async IAsyncEnumerable<Request> StartRequestsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield return new Request(new Uri(shop, "/js/")).Rendered(Listing);
    }

    public override async Task LoginAsync(Session session, CancellationToken cancellationToken = default)
    {
        var page = await session.GetDocumentAsync(new Uri(shop, "/login").AbsoluteUri, cancellationToken);
        await session.SubmitFormAsync(page, new Dictionary<string, string?> { ["username"] = user, ["password"] = password }, cancellationToken: cancellationToken);
    }

    public override IEnumerable<object> Parse(Response response)
    {
        foreach (var card in response.Css(".product-card"))
        {
            yield return new JsProduct(card.GetAttribute("data-sku")!, card.SelectText(".product-link")!, card.SelectText(".price")!, card.SelectText(".member-price"));
        }

        if (response.Css("button.next").Length > 0)
        {
            // No URL for the next page in this one: render this page again and click (not a duplicate, so DontFilter).
            yield return new Request(response.Url) { DontFilter = true }.Rendered(Listing with
            {
                Actions = [PageAction.Click("button.next", then: RenderWait.ForSelector("body[data-ready]"))],
            });
        }
    }
}

/// <summary>A product of the JavaScript listing; <paramref name="MemberPrice"/> is null for a guest.</summary>
public sealed record JsProduct(string Sku, string Name, string Price, string? MemberPrice);
