using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Scraper.Crawling.Incremental;
using Scraper.Crawling.Scheduling.Storage;
using Scraper.Http;

namespace Scraper.Crawling;

/// <summary>
/// What a user writes: where to start, how to log in (optional), and how to parse pages. The engine does the
/// rest: it logs each session in before its first request, schedules requests through the spider's sessions,
/// respects each site, and hands items to the pipelines. A spider keeps no static state, so the same type can
/// run again in the same process.
/// </summary>
/// <example>
/// A plain iterator per kind of page: <see cref="Parse"/> for the listing, a method group for each book.
/// <code>
/// public sealed class BooksSpider : Spider
/// {
///     public override IEnumerable&lt;string&gt; StartUrls => ["https://books.toscrape.com/"];
///
///     public override IEnumerable&lt;object&gt; Parse(Response response)
///     {
///         foreach (var book in response.FollowAll("article.product_pod h3 a", ParseBook))
///             yield return book;
///         foreach (var next in response.FollowAll("li.next a"))
///             yield return next;
///     }
///
///     private IEnumerable&lt;object&gt; ParseBook(Response response)
///     {
///         yield return new Book(response.SelectText("div.product_main h1")!, response.SelectText("p.price_color")!);
///     }
/// }
///
/// public sealed record Book(string Title, string Price);
/// </code>
/// A callback that awaits something overrides <see cref="ParseAsync"/> (or is passed as an async method group) instead.
/// </example>
// Methods are kept for trimming and native AOT on every spider: the engine looks up whether LoginAsync is overridden,
// and a persistent frontier finds callbacks (private ones included) by name.
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)]
public abstract class Spider
{
    // Races only compute the same value twice.
    private ParseCallback? _defaultCallback;

    /// <summary>Gets the spider's name, used in logs, stats, configuration (<c>Scraper:Spiders:&lt;name&gt;</c>) and saved state.</summary>
    /// <value>The default value is the class name without a trailing <c>Spider</c>, in lower case.</value>
    public virtual string Name
    {
        get
        {
            var name = GetType().Name;
            return (name.EndsWith("Spider", StringComparison.Ordinal) && name.Length > 6 ? name[..^6] : name).ToLowerInvariant();
        }
    }

    /// <summary>Gets the URLs the crawl starts from, parsed by the default callback (<see cref="Parse"/> or <see cref="ParseAsync"/>).</summary>
    public virtual IEnumerable<string> StartUrls => [];

    /// <summary>
    /// Gets the domains the crawl may visit (subdomains included); requests elsewhere are dropped and counted.
    /// Empty means no restriction.
    /// </summary>
    public virtual IEnumerable<string> AllowedDomains => [];

    /// <summary>
    /// Gets how the engine tells that a session was logged out: a status, a redirect to the login page, or a
    /// selector that matches. When it fires, that session logs in again once and the request is replayed.
    /// </summary>
    /// <value>The default value is null: no detection.</value>
    public virtual LoggedOutDetector? LoggedOut => null;

    /// <summary>Yields the first requests; by default one GET of each start URL, parsed by the default callback.</summary>
    /// <param name="cancellationToken">Cancelled when the crawl stops.</param>
    /// <returns>The start requests.</returns>
    public virtual async IAsyncEnumerable<Request> StartRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var url in StartUrls)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new Request(url) { DontFilter = true };
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>
    /// Logs a session in before its first request, and again when <see cref="LoggedOut"/> fires. Use the session
    /// as a browser would: <c>var page = await session.GetDocumentAsync("/login"); await session.SubmitFormAsync(page, ...)</c>.
    /// Throw <see cref="LoginFailedException"/> when the site refuses the credentials.
    /// </summary>
    /// <param name="session">The session to log in; its <see cref="Session.Name"/> says which account.</param>
    /// <param name="cancellationToken">Cancelled when the crawl stops.</param>
    /// <returns>A task that completes when the session is logged in.</returns>
    public virtual Task LoginAsync(Session session, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Gets a value indicating whether <see cref="LoginAsync"/> is overridden, so the engine knows to call it.</summary>
    internal bool HasLogin => GetType().GetMethod(nameof(LoginAsync), [typeof(Session), typeof(CancellationToken)])?.DeclaringType != typeof(Spider);

    /// <summary>Declares the spider's sessions beyond the default one (separate cookie jars, headers and auth).</summary>
    /// <param name="sessions">Add named sessions here; the default session is always there.</param>
    public virtual void ConfigureSessions(SpiderSessions sessions)
    {
    }

    /// <summary>
    /// Names what a stored request refers to, for a persistent frontier (a resumable job): callbacks that are not
    /// methods of the spider (the spider's own methods are named already), the types of request state with their JSON
    /// contracts, and request features that must survive a restart.
    /// </summary>
    /// <param name="requests">The registry, already holding the spider's methods.</param>
    /// <example><c>requests.AddState(ShopJson.Default.ProductState).Add("detail", new ParseCallback(detailParser.Parse));</c></example>
    public virtual void ConfigureRequests(RequestRegistry requests)
    {
    }

    /// <summary>
    /// Gets what the spider skips because an earlier run of its job scraped it already, and how its items are keyed so
    /// that unchanged ones are not exported again (an incremental crawl). It needs a job that outlives the run (the
    /// SQLite store); in memory it changes nothing.
    /// </summary>
    /// <value>The default value is null: every run fetches and exports everything.</value>
    public virtual IncrementalCrawl? Incremental => null;

    /// <summary>Changes this spider's crawl settings (limits, politeness) over the configured ones.</summary>
    /// <param name="options">The settings, already bound from configuration.</param>
    public virtual void ConfigureCrawl(CrawlOptions options)
    {
    }

    /// <summary>
    /// The default parse callback, for start URLs and requests without a callback of their own, as a plain
    /// iterator: override it when parsing needs no I/O (the common case). Override <see cref="ParseAsync"/>
    /// instead when it awaits something; the engine calls whichever one is overridden (<see cref="ParseAsync"/>
    /// when both are).
    /// </summary>
    /// <param name="response">The response.</param>
    /// <returns>Items and follow-up requests.</returns>
    public virtual IEnumerable<object> Parse(Response response) =>
        throw new NotSupportedException($"Spider '{Name}' got {response?.Url} for its default callback but overrides neither Parse nor ParseAsync.");

    /// <summary>
    /// The default parse callback as an async iterator, for a spider that awaits something while parsing. By
    /// default it streams <see cref="Parse"/>, so calling it works for either kind of spider.
    /// </summary>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">Cancelled when the crawl stops.</param>
    /// <returns>Items and follow-up requests.</returns>
    public virtual IAsyncEnumerable<object> ParseAsync(Response response, CancellationToken cancellationToken = default) =>
        Parse(response).ToAsyncEnumerable();

    /// <summary>
    /// Gets the callback for requests without one: <see cref="ParseAsync"/> when the spider overrides it, else
    /// <see cref="Parse"/> called directly (no async state machine per item). Looked up once per spider.
    /// </summary>
    internal ParseCallback DefaultCallback => _defaultCallback ??= OverridesParseAsync ? new ParseCallback(ParseAsync) : new ParseCallback(Parse);

    private bool OverridesParseAsync =>
        GetType().GetMethod(nameof(ParseAsync), [typeof(Response), typeof(CancellationToken)])?.DeclaringType != typeof(Spider);
}
