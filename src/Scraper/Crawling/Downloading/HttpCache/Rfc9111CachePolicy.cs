using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>
/// A private cache by RFC 9111 (the crawl is the only user, so <c>private</c> answers are stored; <c>s-maxage</c>
/// is for shared caches and ignored). Only GET and HEAD are cached; freshness comes from max-age, else Expires,
/// else 10% of the time since Last-Modified, else a year for permanent redirects (as Scrapy's RFC2616Policy);
/// a stale entry is revalidated with its ETag and Last-Modified; Vary is honoured for the headers the crawl
/// sends (the session's and the request's; the Cookie header the jar adds is not seen, the fingerprint's
/// session part keeps accounts apart).
/// </summary>
internal sealed class Rfc9111CachePolicy : IHttpCachePolicy
{
    private static readonly TimeSpan PermanentLifetime = TimeSpan.FromDays(365);

    // RFC 9110 §15.1: statuses a cache may store without explicit freshness, when it can tell a lifetime or revalidate.
    private static readonly HashSet<HttpStatusCode> HeuristicallyCacheable =
    [
        HttpStatusCode.OK, HttpStatusCode.NonAuthoritativeInformation, HttpStatusCode.NoContent, HttpStatusCode.MultipleChoices,
        HttpStatusCode.MovedPermanently, HttpStatusCode.PermanentRedirect, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed,
        HttpStatusCode.Gone, HttpStatusCode.RequestUriTooLong, HttpStatusCode.NotImplemented,
    ];

    public bool MayCacheRequest(Request request, Session session)
    {
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            return false;
        }

        // A request with its own validators or range wants the site's answer to exactly that; no-store forbids keeping it.
        return SentHeaders.Get(request, session, "If-None-Match") is null
            && SentHeaders.Get(request, session, "If-Modified-Since") is null
            && SentHeaders.Get(request, session, "Range") is null
            && RequestCacheControl(request, session)?.NoStore != true;
    }

    public bool MayStore(HttpCacheEntry candidate)
    {
        var cacheControl = CacheControl(candidate);
        if (cacheControl?.NoStore == true || candidate.Status is HttpStatusCode.NotModified or HttpStatusCode.PartialContent
            || SentHeaders.Members(candidate.JoinedHeader("Vary")).Contains("*"))
        {
            return false;
        }

        if (cacheControl?.MaxAge is not null || cacheControl?.Public == true || candidate.Header("Expires") is not null || cacheControl?.NoCache == true)
        {
            return true;
        }

        return HeuristicallyCacheable.Contains(candidate.Status)
            && (IsPermanentRedirect(candidate.Status) || candidate.Header("ETag") is not null || candidate.Header("Last-Modified") is not null);
    }

    public IReadOnlyDictionary<string, string> VaryHeaders(HttpCacheEntry candidate, Request request, Session session)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in SentHeaders.Members(candidate.JoinedHeader("Vary")))
        {
            if (SentHeaders.Storable(request, session, name) is { } value)
            {
                values[name] = value;
            }
        }

        return values;
    }

    public bool Matches(HttpCacheEntry entry, Request request, Session session)
    {
        var stored = new Dictionary<string, string>(entry.VaryHeaders, StringComparer.OrdinalIgnoreCase);
        foreach (var name in SentHeaders.Members(entry.JoinedHeader("Vary")))
        {
            if (name == "*" || !string.Equals(stored.GetValueOrDefault(name), SentHeaders.Storable(request, session, name), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public bool IsFresh(HttpCacheEntry entry, Request request, Session session, DateTimeOffset now)
    {
        var cacheControl = CacheControl(entry);
        var requested = RequestCacheControl(request, session);
        if (cacheControl?.NoCache == true || requested?.NoCache == true || IsPragmaNoCache(request, session))
        {
            return false;
        }

        var lifetime = FreshnessLifetime(entry, cacheControl);
        var age = CurrentAge(entry, now);
        if (requested?.MaxAge is { } maxAge && age > maxAge)
        {
            return false;
        }

        if (requested?.MinFresh is { } minFresh)
        {
            return lifetime - age >= minFresh;
        }

        if (age < lifetime)
        {
            return true;
        }

        // max-stale lets the crawl accept a stale answer, unless the site said it must be revalidated once stale.
        return requested?.MaxStale == true && cacheControl?.MustRevalidate != true
            && (requested.MaxStaleLimit is not { } limit || age - lifetime <= limit);
    }

    public Request Revalidation(Request request, HttpCacheEntry entry)
    {
        var headers = new Dictionary<string, string?>(request.Headers, StringComparer.OrdinalIgnoreCase);
        AddValidator(headers, "If-None-Match", entry.Header("ETag"));
        AddValidator(headers, "If-Modified-Since", entry.Header("Last-Modified"));
        return headers.Count == request.Headers.Count ? request : request with { Headers = headers };
    }

    public bool ServeStaleInsteadOf(Response error, HttpCacheEntry entry) =>
        (int)error.Status is >= 500 and <= 599 && CacheControl(entry) is not { MustRevalidate: true } and not { NoCache: true };

    private static TimeSpan FreshnessLifetime(HttpCacheEntry entry, CacheControlHeaderValue? cacheControl)
    {
        if (cacheControl?.MaxAge is { } maxAge)
        {
            return maxAge;
        }

        var date = HttpDates.Parse(entry.Header("Date")) ?? entry.StoredAt;
        if (entry.Header("Expires") is { } expires)
        {
            // An Expires that is not a date (often "0" or "-1") means already expired (RFC 9111 §5.3).
            return HttpDates.Parse(expires) is { } at && at > date ? at - date : TimeSpan.Zero;
        }

        if (HttpDates.Parse(entry.Header("Last-Modified")) is { } lastModified && lastModified < date && HeuristicallyCacheable.Contains(entry.Status))
        {
            return (date - lastModified) / 10;
        }

        return IsPermanentRedirect(entry.Status) ? PermanentLifetime : TimeSpan.Zero;
    }

    // RFC 9111 §4.2.3, with the request and response times both taken as when the entry was stored.
    private static TimeSpan CurrentAge(HttpCacheEntry entry, DateTimeOffset now)
    {
        var apparentAge = HttpDates.Parse(entry.Header("Date")) is { } date && entry.StoredAt > date ? entry.StoredAt - date : TimeSpan.Zero;
        var ageValue = long.TryParse(entry.Header("Age"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, (long)int.MaxValue))
            : TimeSpan.Zero;
        var resident = now > entry.StoredAt ? now - entry.StoredAt : TimeSpan.Zero;
        return (apparentAge > ageValue ? apparentAge : ageValue) + resident;
    }

    private static void AddValidator(Dictionary<string, string?> headers, string name, string? value)
    {
        // A stored value that could not be sent (a control character) is no validator.
        if (value is not null && HeaderRules.ValueProblem(name, value) is null)
        {
            headers[name] = value;
        }
    }

    private static bool IsPermanentRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MultipleChoices or HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect;

    private static CacheControlHeaderValue? CacheControl(HttpCacheEntry entry) => Parse(entry.JoinedHeader("Cache-Control"));

    private static CacheControlHeaderValue? RequestCacheControl(Request request, Session session) => Parse(SentHeaders.Get(request, session, "Cache-Control"));

    private static bool IsPragmaNoCache(Request request, Session session) =>
        SentHeaders.Get(request, session, "Cache-Control") is null
        && SentHeaders.Members(SentHeaders.Get(request, session, "Pragma")).Contains("no-cache", StringComparer.OrdinalIgnoreCase);

    private static CacheControlHeaderValue? Parse(string? value) =>
        value is not null && CacheControlHeaderValue.TryParse(value, out var parsed) ? parsed : null;
}
