using System.Globalization;

namespace DemoShop;

/// <summary>A product of the demo shop.</summary>
/// <param name="Id">The id, from 1.</param>
/// <param name="Sku">The stock-keeping unit, for example <c>DS-00042</c>.</param>
/// <param name="Name">The name.</param>
/// <param name="Category">The category slug.</param>
/// <param name="Price">The public price.</param>
/// <param name="MemberPrice">The price only logged-in members see.</param>
/// <param name="Stock">Units in stock.</param>
/// <param name="Rating">The rating, 1.0 to 5.0.</param>
/// <param name="Description">The description.</param>
/// <param name="Images">Image paths.</param>
public sealed record Product(int Id, string Sku, string Name, string Category, decimal Price, decimal MemberPrice, int Stock, decimal Rating, string Description, IReadOnlyList<string> Images);

/// <summary>The shop's data, generated from the product count alone, so every run and every test sees the same shop.</summary>
public sealed class Catalog
{
    private static readonly string[] Categories = ["books", "music", "garden", "kitchen", "toys", "sports", "tools", "office"];
    private static readonly string[] Adjectives = ["Classic", "Compact", "Deluxe", "Handmade", "Modern", "Rustic", "Smart", "Vintage", "Sturdy", "Bright"];
    private static readonly string[] Nouns = ["Lamp", "Kettle", "Notebook", "Racket", "Planter", "Speaker", "Puzzle", "Wrench", "Mug", "Backpack", "Stapler", "Guitar"];
    private volatile Snapshot _current = null!;

    /// <summary>Creates the catalog.</summary>
    /// <param name="productCount">The number of products.</param>
    public Catalog(int productCount) => Use([.. Enumerable.Range(1, productCount).Select(Make)]);

    /// <summary>Gets the category slugs, in menu order.</summary>
    public static IReadOnlyList<string> CategorySlugs => Categories;

    /// <summary>Gets every product, by id.</summary>
    public IReadOnlyList<Product> Products => _current.Products;

    /// <summary>Gets the products of each category, in id order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Product>> ByCategory => _current.ByCategory;

    /// <summary>
    /// Changes the price of <paramref name="count"/> products, picked by a generator seeded with <paramref name="seed"/>
    /// (the same products for the same seed), as a shop's price update does: the public price goes up by a dollar and
    /// the member price with it. Listings and product pages show the new prices from the next request on.
    /// </summary>
    /// <param name="count">How many products change.</param>
    /// <param name="seed">Which ones.</param>
    /// <returns>The changed products, as they are now.</returns>
    public IReadOnlyList<Product> RevisePrices(int count, int seed)
    {
        var products = _current.Products.ToArray();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, products.Length);
        var random = new Random(seed);
        var changed = new List<Product>(count);
        foreach (var index in Enumerable.Range(0, products.Length).OrderBy(_ => random.Next()).Take(count).Order())
        {
            var price = products[index].Price + 1m;
            products[index] = products[index] with { Price = price, MemberPrice = decimal.Round(price * 0.9m, 2) };
            changed.Add(products[index]);
        }

        Use(products);
        return changed;
    }

    /// <summary>Finds a product.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The product, or null.</returns>
    public Product? Find(int id) => id >= 1 && id <= Products.Count ? Products[id - 1] : null;

    // One object swapped whole, so a request sees the catalogue before or after a price change, never half of it.
    private void Use(Product[] products) =>
        _current = new Snapshot(products, products.GroupBy(product => product.Category).ToDictionary(group => group.Key, group => (IReadOnlyList<Product>)[.. group]));

    private static Product Make(int id)
    {
        // A cheap, fixed mix of the id: the same catalog everywhere, without a random generator's version quirks.
        var mix = (uint)id * 2654435761u;
        var price = 2m + (mix % 49_800) / 100m;
        var name = $"{Adjectives[mix % Adjectives.Length]} {Nouns[(mix >> 8) % Nouns.Length]} {id}";
        return new Product(
            id,
            "DS-" + id.ToString("D5", CultureInfo.InvariantCulture),
            name,
            Categories[id % Categories.Length],
            price,
            decimal.Round(price * 0.9m, 2),
            (int)(mix >> 16) % 250,
            1m + ((mix >> 4) % 41) / 10m,
            $"The {name.ToLowerInvariant()} is a demo product: sturdy, useful and entirely made up. Café-grade quality, “quoted” & <escaped>.",
            [$"/images/{id}.jpg", $"/images/{id}-back.jpg"]);
    }

    private sealed record Snapshot(IReadOnlyList<Product> Products, IReadOnlyDictionary<string, IReadOnlyList<Product>> ByCategory);
}
