namespace Shop;

/// <summary>One product as scraped from the shop, members-only fields included.</summary>
/// <param name="Url">The product page.</param>
/// <param name="Sku">The stock-keeping unit.</param>
/// <param name="Name">The name.</param>
/// <param name="Category">The category's URL slug.</param>
/// <param name="Price">The public price.</param>
/// <param name="MemberPrice">The price shown to logged-in members.</param>
/// <param name="Stock">Units in stock (0 when out of stock).</param>
/// <param name="Rating">The average rating.</param>
/// <param name="Description">The description.</param>
/// <param name="Images">Absolute image URLs.</param>
public sealed record ShopProduct(
    string Url,
    string Sku,
    string Name,
    string Category,
    decimal Price,
    decimal? MemberPrice,
    int Stock,
    decimal Rating,
    string Description,
    IReadOnlyList<string> Images);
