using System.Text.Json;

namespace Scraper.Crawling.Incremental;

/// <summary>
/// What a spider skips because an earlier run of its job already scraped it (Scrapy's deltafetch, per callback), when it
/// goes back to a page anyway (older than an age, or a sitemap <c>lastmod</c> newer than the last visit), and how its
/// items are keyed so that one whose key and content did not change since it was last exported is not exported again
/// (counted as <c>items/unchanged</c>). Needs a store that outlives the run (an <see cref="ICrawlHistory"/> frontier,
/// such as a SQLite job); in memory there is no earlier run, and the policy changes nothing.
/// </summary>
/// <example>
/// <code>
/// public override IncrementalCrawl Incremental { get; } = new IncrementalCrawl()
///     .SkipScraped(new ParseCallback(ParseProduct))      // product pages that gave an item once are not fetched again
///     .RevisitAfter(TimeSpan.FromDays(7), new ParseCallback(ParseProduct))   // unless the last visit is a week old
///     .KeyItems&lt;Product&gt;(product => product.Sku);      // and an unchanged product is not exported twice
/// </code>
/// </example>
public sealed class IncrementalCrawl
{
    private readonly List<(Delegate[] Callbacks, bool SkipScraped, TimeSpan? RevisitAfter)> _rules = [];
    private readonly List<(Type Type, Func<object, string?> Key)> _keys = [];

    /// <summary>
    /// Gets or sets the JSON options an item's content is compared with (serialized, then hashed): those of the exporter,
    /// so that what counts as a change is what the output would show.
    /// </summary>
    /// <value>The default value is null: <c>ItemExporter.DefaultJsonOptions</c>.</value>
    public JsonSerializerOptions? ItemJsonOptions { get; set; }

    /// <summary>Gets a value indicating whether any request is ever skipped.</summary>
    internal bool SkipsRequests => _rules.Count > 0;

    /// <summary>Gets a value indicating whether items are keyed.</summary>
    internal bool KeysItems => _keys.Count > 0;

    /// <summary>
    /// Skips a request of one of these callbacks (of any callback when none is given) whose page gave at least one item
    /// in an earlier run; pages that gave none (listings) are fetched every run. A sitemap entry whose <c>lastmod</c> is
    /// newer than the last visit, or a request whose <see cref="Request.IncrementalKey"/> changed, is fetched again.
    /// </summary>
    /// <param name="callbacks">The callbacks; the spider's default one is <c>new ParseCallback(Parse)</c>.</param>
    /// <returns>This policy, for chaining.</returns>
    public IncrementalCrawl SkipScraped(params ParseCallback[] callbacks) => AddRule(callbacks, skipScraped: true, revisitAfter: null);

    /// <summary>
    /// Skips a request of one of these callbacks (any callback when none is given) whose page was visited less than
    /// <paramref name="age"/> ago, whatever it gave, and fetches it again once its last visit is older. With
    /// <see cref="SkipScraped"/> for the same callback, a scraped page is skipped until it is that old.
    /// </summary>
    /// <param name="age">How old a visit may get before the page is fetched again; zero revisits every page (items stay keyed).</param>
    /// <param name="callbacks">The callbacks.</param>
    /// <returns>This policy, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The age is negative.</exception>
    public IncrementalCrawl RevisitAfter(TimeSpan age, params ParseCallback[] callbacks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(age, TimeSpan.Zero);
        return AddRule(callbacks, skipScraped: false, revisitAfter: age);
    }

    /// <summary>
    /// Keys the items of a type: an item whose key was exported in an earlier run (or earlier in this one) with the same
    /// content is not exported again. A null key leaves that item unkeyed (always exported).
    /// </summary>
    /// <typeparam name="T">The item type (exactly, or a base type or interface of it).</typeparam>
    /// <param name="key">The item's key, such as its SKU.</param>
    /// <returns>This policy, for chaining.</returns>
    public IncrementalCrawl KeyItems<T>(Func<T, string?> key)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        _keys.Add((typeof(T), item => key((T)item)));
        return this;
    }

    /// <summary>Returns the rule for requests of a callback: whether a scraped page is skipped, and after how long it is visited again.</summary>
    internal (bool SkipScraped, TimeSpan? RevisitAfter)? RuleFor(Delegate callback)
    {
        var matched = false;
        var skip = false;
        TimeSpan? age = null;
        foreach (var (callbacks, skipScraped, revisitAfter) in _rules)
        {
            if (callbacks.Length > 0 && Array.IndexOf(callbacks, callback) < 0)
            {
                continue;
            }

            matched = true;
            skip |= skipScraped;
            if (revisitAfter is { } value && (age is null || value < age))
            {
                age = value;
            }
        }

        return matched ? (skip, age) : null;
    }

    /// <summary>Returns an item's key, or null when it has none.</summary>
    internal string? KeyOf(object item)
    {
        foreach (var (type, key) in _keys)
        {
            if (type.IsInstanceOfType(item))
            {
                return key(item);
            }
        }

        return null;
    }

    private IncrementalCrawl AddRule(ParseCallback[] callbacks, bool skipScraped, TimeSpan? revisitAfter)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        _rules.Add((callbacks.Select(callback => callback.Target).ToArray(), skipScraped, revisitAfter));
        return this;
    }
}
