using Scraper.Http.Cookies;
using Scraper.Http.SessionStores;

namespace Scraper.Redis;

/// <summary>
/// The crawl's sessions in Redis: each named session's cookies as one hash field, in the cookie file's own JSON form
/// (every field RFC 6265 keeps), replaced in one command so a reader sees the old jar or the new one. Every worker
/// reads the same cookies, so a login done by one is reused by all. The values are secrets kept in Redis: protect it
/// (requirepass or an ACL user, TLS, no public port); they are never logged.
/// </summary>
internal sealed class RedisSessionStore(RedisCrawl crawl) : ISessionStore
{
    public async Task<IReadOnlyList<StoredCookie>?> LoadCookiesAsync(string session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var data = await crawl.Database.HashGetAsync(crawl.Keys.Sessions, session).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (data.IsNull)
        {
            return null;
        }

        return await CookieFile.FromBytesAsync((byte[]?)data ?? [], Describe(session), cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveCookiesAsync(string session, IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(cookies);
        var data = await CookieFile.ToBytesAsync(cookies, cancellationToken).ConfigureAwait(false);
        await crawl.Database.HashSetAsync(crawl.Keys.Sessions, session, data).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public string Describe(string session) => $"redis {crawl.Address} {(string?)crawl.Keys.Sessions} (session {session})";
}
