namespace Scraper.Crawling.Contracts;

/// <summary>
/// What a contracted callback must yield on its sample page (Scrapy's <c>@returns</c>): an exact count, or bounds,
/// of items and of requests. A count left unset is not checked.
/// </summary>
/// <example><c>[Contract("/product/1")] [Returns(Items = 1, Requests = 0)]</c>, <c>[Returns(MinItems = 1, MinRequests = 1)]</c>.</example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class ReturnsAttribute : Attribute
{
    /// <summary>The value of a count that is not checked.</summary>
    public const int Unchecked = -1;

    /// <summary>Gets or sets the exact number of items.</summary>
    public int Items { get; set; } = Unchecked;

    /// <summary>Gets or sets the fewest items.</summary>
    public int MinItems { get; set; } = Unchecked;

    /// <summary>Gets or sets the most items.</summary>
    public int MaxItems { get; set; } = Unchecked;

    /// <summary>Gets or sets the exact number of requests.</summary>
    public int Requests { get; set; } = Unchecked;

    /// <summary>Gets or sets the fewest requests.</summary>
    public int MinRequests { get; set; } = Unchecked;

    /// <summary>Gets or sets the most requests.</summary>
    public int MaxRequests { get; set; } = Unchecked;

    /// <summary>Compares the counts a callback yielded with these expectations.</summary>
    /// <param name="items">The items yielded.</param>
    /// <param name="requests">The requests yielded.</param>
    /// <returns>One line per unmet expectation.</returns>
    internal IEnumerable<string> Check(int items, int requests) =>
        Check("items", items, Items, MinItems, MaxItems).Concat(Check("requests", requests, Requests, MinRequests, MaxRequests));

    private static IEnumerable<string> Check(string what, int actual, int exact, int min, int max)
    {
        if (exact != Unchecked && actual != exact)
        {
            yield return $"expected {exact} {what}, got {actual}";
        }

        if (min != Unchecked && actual < min)
        {
            yield return $"expected at least {min} {what}, got {actual}";
        }

        if (max != Unchecked && actual > max)
        {
            yield return $"expected at most {max} {what}, got {actual}";
        }
    }
}
