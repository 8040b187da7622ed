namespace ScraperProject;

/// <summary>A product as scraped.</summary>
/// <param name="Url">The product page.</param>
/// <param name="Name">The product's name.</param>
/// <param name="Price">The price as shown, for example <c>$12.50</c>.</param>
public sealed record Product(string Url, string Name, string Price);
