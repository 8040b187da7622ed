using System.Globalization;
using Microsoft.Extensions.Options;
using Scraper.Crawling;
using Scraper.Crawling.Incremental;
using Scraper.Http;

namespace Shop;

/// <summary>
/// Logs in through the shop's form, walks every category and its pagination, and scrapes every product with the
/// members-only price. robots.txt keeps it out of the private area; the engine keeps each page to one fetch.
/// </summary>
public sealed class ShopSpider(IOptions<ShopOptions> options) : Spider
{
    private readonly ShopOptions _shop = options.Value;

    private Uri BaseUrl => _shop.BaseUrl ?? throw new InvalidOperationException("Shop:BaseUrl is not set.");

    /// <inheritdoc />
    public override string Name => "shop";

    /// <inheritdoc />
    public override IEnumerable<string> StartUrls => [BaseUrl.AbsoluteUri];

    /// <inheritdoc />
    public override IEnumerable<string> AllowedDomains => [BaseUrl.Host];

    /// <summary>
    /// Gets, with <see cref="ShopOptions.Incremental"/>, the incremental crawl: product pages already scraped are skipped
    /// unless their listing price changed, and products are keyed by SKU, so an unchanged one is not exported again.
    /// </summary>
    public override IncrementalCrawl? Incremental => _shop.Incremental
        ? new IncrementalCrawl().SkipScraped(new ParseCallback(ParseProduct)).KeyItems<ShopProduct>(product => product.Sku)
        : null;

    /// <inheritdoc />
    public override LoggedOutDetector LoggedOut { get; } =
        LoggedOutDetector.RedirectTo("/login").Or(LoggedOutDetector.Selector("a.login-to-see"));

    /// <inheritdoc />
    public override async Task LoginAsync(Session session, CancellationToken cancellationToken = default)
    {
        var page = await session.GetDocumentAsync(new Uri(BaseUrl, "/login").AbsoluteUri, cancellationToken);
        var answer = await session.SubmitFormAsync(page, new Dictionary<string, string?>
        {
            ["username"] = _shop.Username,
            ["password"] = _shop.Password,
        }, cancellationToken: cancellationToken);

        if (!answer.IsSuccessStatusCode || answer.Url.AbsolutePath.StartsWith("/login", StringComparison.Ordinal))
        {
            throw new LoginFailedException($"The shop at {BaseUrl} refused the login of user '{_shop.Username}' ({(int)answer.StatusCode}).");
        }
    }

    /// <summary>The home page: every category.</summary>
    /// <inheritdoc />
    public override IEnumerable<object> Parse(Response response)
    {
        foreach (var href in response.SelectAttributes("nav.categories a", "href"))
        {
            if (response.Follow(href, ParseCategory) is { } category)
            {
                yield return category;
            }
        }
    }

    /// <summary>A listing page: its products, and the next page.</summary>
    private IEnumerable<object> ParseCategory(Response response)
    {
        var category = response.Url.Segments.Length > 2 ? response.Url.Segments[2].Trim('/') : string.Empty;
        foreach (var card in response.Document.QuerySelectorAll("article.product-card"))
        {
            if (card.QuerySelector("a.product-link")?.GetAttribute("href") is { } href && response.Follow(href, ParseProduct, state: category) is { } product)
            {
                // The listed price: an incremental crawl fetches a scraped product again when it changes.
                yield return _shop.Incremental && card.QuerySelector("span.price")?.TextContent is { } price ? product with { IncrementalKey = price } : product;
            }
        }

        if (response.SelectAttributes("nav.pagination a.next", "href") is [var next, ..] && response.Follow(next, ParseCategory) is { } nextPage)
        {
            yield return nextPage;
        }
    }

    /// <summary>A product page: the item.</summary>
    private IEnumerable<object> ParseProduct(Response response)
    {
        var document = response.Document;
        yield return new ShopProduct(
            Url: response.Url.AbsoluteUri,
            Sku: document.SelectText("span.sku") ?? string.Empty,
            Name: document.SelectText("h1.product-name") ?? string.Empty,
            Category: response.State<string>(),
            Price: ParseMoney(document.SelectText("span.price")) ?? 0m,
            MemberPrice: ParseMoney(document.SelectText("span.member-price")),
            Stock: ParseStock(document.SelectText("span.stock")),
            Rating: decimal.TryParse(document.SelectText("span.rating"), NumberStyles.Number, CultureInfo.InvariantCulture, out var rating) ? rating : 0m,
            Description: document.SelectText("div.description") ?? string.Empty,
            Images: [.. document.QuerySelectorAll("img.product-image")
                .Select(img => img.GetAttribute("src"))
                .OfType<string>()
                .Select(src => new Uri(response.Url, src).AbsoluteUri)]);
    }

    private static decimal? ParseMoney(string? text) =>
        text is not null && decimal.TryParse(text.Replace("$", string.Empty, StringComparison.Ordinal).Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static int ParseStock(string? text)
    {
        var digits = new string((text ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var stock) ? stock : 0;
    }
}
