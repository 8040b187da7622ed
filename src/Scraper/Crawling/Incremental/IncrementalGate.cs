using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Sitemaps;
using Scraper.Http;
using Scraper.Items;

namespace Scraper.Crawling.Incremental;

/// <summary>
/// A run's side of the spider's <see cref="IncrementalCrawl"/>: decides, from the job's history, whether a request is
/// skipped and whether an item is unchanged, and collects the visits and item versions the next commit records. The
/// requests side is called by every callback at once (it only reads); the items side by the item sink's one consumer.
/// </summary>
internal sealed class IncrementalGate
{
    private readonly Spider _spider;
    private readonly IncrementalCrawl _policy;
    private readonly ICrawlHistory _history;
    private readonly TimeProvider _time;
    private readonly bool _includeSession;
    private readonly JsonSerializerOptions _json;

    private IncrementalGate(Spider spider, IncrementalCrawl policy, ICrawlHistory history, TimeProvider time, bool includeSession)
    {
        _spider = spider;
        _policy = policy;
        _history = history;
        _time = time;
        _includeSession = includeSession;
        _json = policy.ItemJsonOptions ?? ItemExporter.DefaultJsonOptions;
    }

    /// <summary>Gets what the next commit records; replaced once it is committed.</summary>
    public CrawlHistoryChanges Changes { get; private set; } = new();

    /// <summary>Returns the run's gate, or null when the spider is not incremental or the frontier keeps no history.</summary>
    public static IncrementalGate? Create(Spider spider, IFrontier frontier, CrawlOptions options, TimeProvider time) =>
        spider.Incremental is { } policy && frontier is ICrawlHistory history && (policy.SkipsRequests || policy.KeysItems)
            ? new IncrementalGate(spider, policy, history, time, options.FingerprintIncludesSession)
            : null;

    /// <summary>Returns what the history knows a page by: its fingerprint, and its incremental key when it has one.</summary>
    public static RequestFingerprint PageKey(Request request, RequestFingerprint fingerprint)
    {
        if (request.IncrementalKey is not { } key)
        {
            return fingerprint;
        }

        var buffer = new byte[16 + Encoding.UTF8.GetByteCount(key)];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, fingerprint.High);
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(8), fingerprint.Low);
        Encoding.UTF8.GetBytes(key, buffer.AsSpan(16));
        var hash = XxHash128.HashToUInt128(buffer);
        return new RequestFingerprint((ulong)(hash >> 64), (ulong)hash);
    }

    /// <summary>
    /// Returns whether an earlier visit makes this request unnecessary: its callback's rule skips a page visited (and,
    /// with <see cref="IncrementalCrawl.SkipScraped"/>, one that gave items) unless the visit is older than the rule's age
    /// or the sitemap says the page changed after it.
    /// </summary>
    public async ValueTask<bool> ShouldSkipAsync(Request request, RequestFingerprint fingerprint, CancellationToken cancellationToken)
    {
        if (!_policy.SkipsRequests || RuleFor(request) is not { } rule)
        {
            return false;
        }

        if (await _history.LastVisitAsync(PageKey(request, fingerprint), cancellationToken).ConfigureAwait(false) is not { } visit)
        {
            return false;
        }

        if (request.State is SitemapEntry { LastModified: { } changed } && changed > visit.VisitedAt)
        {
            return false;
        }

        if (rule.RevisitAfter is { } age && _time.GetUtcNow() - visit.VisitedAt >= age)
        {
            return false;
        }

        return !rule.SkipScraped || visit.Items > 0;
    }

    /// <summary>Records that a request's answer was parsed and gave <paramref name="items"/> items (for the next commit).</summary>
    public void Visited(Request request, int items)
    {
        if (_policy.SkipsRequests && RuleFor(request) is not null)
        {
            Changes.Visits[PageKey(request, RequestFingerprint.Compute(request, _includeSession))] = new PageVisit(_time.GetUtcNow(), items);
        }
    }

    /// <summary>Returns an item's key and digest when it is keyed and differs from its last export; null when unkeyed (always exported).</summary>
    public async ValueTask<(string Key, UInt128 Digest, bool Unchanged)?> CheckAsync(object item, CancellationToken cancellationToken)
    {
        if (!_policy.KeysItems || _policy.KeyOf(item) is not { } key)
        {
            return null;
        }

        var digest = XxHash128.HashToUInt128(JsonSerializer.SerializeToUtf8Bytes(item, JsonContracts.For(_json, item.GetType(), "IncrementalCrawl.ItemJsonOptions")));
        var last = Changes.Items.TryGetValue(key, out var pending) ? pending : await _history.ItemDigestAsync(key, cancellationToken).ConfigureAwait(false);
        return (key, digest, last == digest);
    }

    /// <summary>Records an item version that was exported (for the next commit).</summary>
    public void Exported(string key, UInt128 digest) => Changes.Items[key] = digest;

    /// <summary>Starts collecting anew once the changes are committed.</summary>
    public void Committed() => Changes = new CrawlHistoryChanges();

    private (bool SkipScraped, TimeSpan? RevisitAfter)? RuleFor(Request request) =>
        _policy.RuleFor((request.Callback ?? _spider.DefaultCallback).Target);
}
