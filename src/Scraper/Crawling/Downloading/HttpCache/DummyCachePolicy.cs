using Scraper.Http;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>
/// Store everything, serve everything (Scrapy's DummyPolicy), for development and replay: the headers are not
/// read, Vary is ignored, and an entry is fresh until <see cref="HttpCacheOptions.Expiration"/> (checked by the
/// middleware for both policies) says it is too old.
/// </summary>
internal sealed class DummyCachePolicy : IHttpCachePolicy
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public bool MayCacheRequest(Request request, Session session) => true;

    public bool MayStore(HttpCacheEntry candidate) => true;

    public IReadOnlyDictionary<string, string> VaryHeaders(HttpCacheEntry candidate, Request request, Session session) => NoHeaders;

    public bool Matches(HttpCacheEntry entry, Request request, Session session) => true;

    public bool IsFresh(HttpCacheEntry entry, Request request, Session session, DateTimeOffset now) => true;

    public Request Revalidation(Request request, HttpCacheEntry entry) => request;

    public bool ServeStaleInsteadOf(Response error, HttpCacheEntry entry) => false;
}
