using System.Net.Http.Headers;
using Scraper.Http;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>Turns answers into entries and back, and folds a 304 into the entry it confirms.</summary>
internal static class CachedResponses
{
    // Not stored: cookies are the session's business (a replayed Set-Cookie would not reach the jar, and the cache
    // is no place for secrets); the body is kept whole and decompressed, so its framing and coding headers no
    // longer describe it; hop-by-hop headers describe a connection.
    private static readonly HashSet<string> NotStored = new(StringComparer.OrdinalIgnoreCase)
    {
        "Set-Cookie", "Set-Cookie2", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive", "Proxy-Connection", "Trailer", "Upgrade",
    };

    public static HttpCacheEntry ToEntry(Request request, Response response, DateTimeOffset now)
    {
        var headers = new List<KeyValuePair<string, string>>();
        Collect(response.Inner.Headers, headers);
        Collect(response.Inner.ContentHeaders, headers);
        return new HttpCacheEntry
        {
            Method = request.Method.Method,
            Url = request.Url,
            FinalUrl = response.Url,
            Status = response.Status,
            StoredAt = now,
            Headers = headers,
            Body = response.Body,
        };
    }

    public static Response ToResponse(HttpCacheEntry entry, Request request, Session session) =>
        Response.Create(request, entry.Status, entry.Body, entry.Headers, entry.FinalUrl, session);

    /// <summary>
    /// The stored answer, refreshed by a 304 (RFC 9111 §4.3.4): every header the 304 carries replaces the stored
    /// ones of that name, and the entry's age starts again.
    /// </summary>
    public static HttpCacheEntry Refresh(HttpCacheEntry entry, Response notModified, DateTimeOffset now)
    {
        var update = new List<KeyValuePair<string, string>>();
        Collect(notModified.Inner.Headers, update);
        Collect(notModified.Inner.ContentHeaders, update);
        var replaced = new HashSet<string>(update.Select(header => header.Key), StringComparer.OrdinalIgnoreCase);
        var headers = entry.Headers.Where(header => !replaced.Contains(header.Key)).Concat(update).ToList();
        return entry with { Headers = headers, StoredAt = now };
    }

    private static void Collect(HttpHeaders source, List<KeyValuePair<string, string>> target)
    {
        foreach (var (name, values) in source.NonValidated)
        {
            if (NotStored.Contains(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                target.Add(new(name, value));
            }
        }
    }
}
