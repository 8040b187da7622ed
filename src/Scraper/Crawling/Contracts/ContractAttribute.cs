namespace Scraper.Crawling.Contracts;

/// <summary>
/// Marks a parse callback as checked by a contract (Scrapy's <c>@url</c>): <c>scraper check</c> fetches this sample
/// URL, runs the callback on it, and compares what it yields with the method's <see cref="ReturnsAttribute"/> and
/// <see cref="ScrapesAttribute"/>.
/// </summary>
/// <param name="url">The sample page: absolute, or relative to the spider's first start URL (so a contract works
/// against a site whose address changes, such as the demo shop on a free port).</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class ContractAttribute(string url) : Attribute
{
    /// <summary>Gets the sample page's URL.</summary>
    public string Url { get; } = url;

    /// <summary>Gets or sets the request state the callback reads with <see cref="Response.State{T}"/>, as a string; none when null.</summary>
    public string? State { get; set; }
}
