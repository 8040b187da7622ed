namespace Scraper.Crawling.Contracts;

/// <summary>
/// The fields every item of a contracted callback must have, not null and not empty (Scrapy's <c>@scrapes</c>).
/// Names are matched against the item's JSON properties, ignoring case: <c>[Scrapes("Title", "Price")]</c>.
/// </summary>
/// <param name="fields">The field names.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class ScrapesAttribute(params string[] fields) : Attribute
{
    /// <summary>Gets the field names.</summary>
    public IReadOnlyList<string> Fields { get; } = fields;
}
