namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>
/// Settings of the HTTP cache (the <c>Scraper:HttpCache</c> section, or <c>--cache</c> to turn it on):
/// off by default; when on, answers are kept on disk, one entry per request fingerprint, and served again
/// without a request to the site, skipping robots.txt and the politeness delay.
/// </summary>
public sealed class HttpCacheOptions
{
    /// <summary>The configuration section, under <c>Scraper</c>.</summary>
    public const string SectionName = "HttpCache";

    /// <summary>Gets or sets a value indicating whether the cache is used.</summary>
    /// <value>The default value is false.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the folder entries are kept in, one sub-folder per spider.</summary>
    /// <value>The default value is null: <c>httpcache</c> under the host's state folder, or <c>.scraper/httpcache</c> in a crawl run without a host.</value>
    public string? Directory { get; set; }

    /// <summary>Gets or sets what is stored and when it is served.</summary>
    /// <value>The default value is <see cref="HttpCachePolicy.Dummy"/>: everything, served while younger than <see cref="Expiration"/>.</value>
    public HttpCachePolicy Policy { get; set; } = HttpCachePolicy.Dummy;

    /// <summary>
    /// Gets or sets how long an entry is used at all; an older one is a miss and is fetched and stored again.
    /// Under <see cref="HttpCachePolicy.Rfc9111"/> it caps what the headers allow.
    /// </summary>
    /// <value>The default value is zero: entries never expire by age alone.</value>
    public TimeSpan Expiration { get; set; } = TimeSpan.Zero;

    /// <summary>Gets the statuses that are never stored (Scrapy's HTTPCACHE_IGNORE_HTTP_CODES), for example 404.</summary>
    public HashSet<int> IgnoreStatusCodes { get; } = [];

    /// <summary>Gets or sets a value indicating whether 5xx answers are stored too.</summary>
    /// <value>The default value is false: a server error is never replayed from the cache.</value>
    public bool StoreServerErrors { get; set; }

    /// <summary>Tells whether an answer's status may be stored.</summary>
    /// <param name="status">The status code.</param>
    /// <returns>False for an ignored status or, unless <see cref="StoreServerErrors"/>, a 5xx.</returns>
    public bool MayStore(int status) => !IgnoreStatusCodes.Contains(status) && (StoreServerErrors || status is < 500 or > 599);

    /// <summary>Checks the settings; the error names the configuration key.</summary>
    /// <param name="prefix">The section the settings were read from.</param>
    /// <exception cref="ArgumentException">A value is invalid; <see cref="ArgumentException.ParamName"/> is the key under the prefix.</exception>
    public void Validate(string prefix = "Scraper:HttpCache")
    {
        if (Expiration < TimeSpan.Zero)
        {
            throw new ArgumentException($"'{prefix}:{nameof(Expiration)}' must not be negative (zero: entries never expire), not {Expiration}.", nameof(Expiration));
        }

        if (!Enum.IsDefined(Policy))
        {
            throw new ArgumentException($"'{prefix}:{nameof(Policy)}' must be {nameof(HttpCachePolicy.Dummy)} or {nameof(HttpCachePolicy.Rfc9111)}, not {Policy}.", nameof(Policy));
        }

        if (Directory is not null && (string.IsNullOrWhiteSpace(Directory) || Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            throw new ArgumentException($"'{prefix}:{nameof(Directory)}' must be a folder path, not '{Directory}'.", nameof(Directory));
        }

        foreach (var status in IgnoreStatusCodes)
        {
            if (status is < 100 or > 599)
            {
                throw new ArgumentException($"'{prefix}:{nameof(IgnoreStatusCodes)}' holds {status}, which is not an HTTP status (100-599).", nameof(IgnoreStatusCodes));
            }
        }
    }
}
