using System.ComponentModel.DataAnnotations;

namespace Shop;

/// <summary>
/// Where the Shop scraper crawls and as whom (section <c>Shop</c>). Without a <see cref="BaseUrl"/> it starts
/// the embedded demo shop and makes up credentials for it; with one, the credentials must come from the
/// environment (<c>Shop__Username</c>, <c>Shop__Password</c>) or user secrets, never from a committed file.
/// </summary>
public sealed class ShopOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Shop";

    /// <summary>Gets or sets the shop's address (<c>--url</c>); null starts the embedded demo shop.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets the account's user name.</summary>
    [Required(ErrorMessage = "Shop:Username is required (set the environment variable Shop__Username or a user secret).")]
    public string? Username { get; set; }

    /// <summary>Gets or sets the account's password.</summary>
    [Required(ErrorMessage = "Shop:Password is required (set the environment variable Shop__Password or a user secret).")]
    public string? Password { get; set; }

    /// <summary>Gets or sets the demo shop's flaky rate when it is embedded (0 to 1): a share of pages answer 503/429.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Shop:DemoFlakyRate must be between 0 and 1.")]
    public double DemoFlakyRate { get; set; }

    /// <summary>Gets or sets the embedded demo shop's price revision: each changes ten prices (see <c>DemoShopOptions.PriceRevision</c>).</summary>
    [Range(0, 1000, ErrorMessage = "Shop:DemoPriceRevision must be between 0 and 1000.")]
    public int DemoPriceRevision { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether each run scrapes only what changed since the job's last run: a product
    /// page that gave an item is fetched again only when its listing shows another price, and a product exported
    /// unchanged (by SKU and content) is not exported again. Put <c>{run}</c> or <c>{date}</c> in the output, so each
    /// run's changes are a file of their own.
    /// </summary>
    /// <value>The default value is false: every run scrapes the whole shop.</value>
    public bool Incremental { get; set; }
}
