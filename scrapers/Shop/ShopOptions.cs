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
}
