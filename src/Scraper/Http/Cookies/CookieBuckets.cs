using System.Net;

namespace Scraper.Http.Cookies;

/// <summary>
/// The jar's cookies by domain, with the limits that evict them (C7): expired cookies first, then the oldest of the
/// domain or of the whole jar. Not thread-safe: <see cref="CookieJar"/> holds its lock around every call.
/// </summary>
/// <param name="maxPerDomain">The most cookies of one domain.</param>
/// <param name="maxTotal">The most cookies in all.</param>
/// <param name="timeProvider">The clock expiry is judged by.</param>
internal sealed class CookieBuckets(int maxPerDomain, int maxTotal, TimeProvider timeProvider)
{
    private readonly Dictionary<string, List<StoredCookie>> _byDomain = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Gets the number of cookies held; read without the lock, so a request with an empty jar takes none.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets every cookie, expired ones included.</summary>
    public IEnumerable<StoredCookie> All => _byDomain.Values.SelectMany(b => b);

    /// <summary>
    /// Returns the unexpired cookies a request to <paramref name="host"/> and <paramref name="path"/> carries (RFC
    /// 6265 §5.4), unsorted, or null when none match. Only the buckets of the host and its parent domains can hold them.
    /// </summary>
    public List<StoredCookie>? Matching(string host, string path, bool secure, DateTimeOffset now)
    {
        List<StoredCookie>? matches = null;
        for (var domain = host; domain.Length > 0; domain = ParentDomain(domain))
        {
            if (!_byDomain.TryGetValue(domain, out var bucket))
            {
                continue;
            }

            foreach (var cookie in bucket)
            {
                if ((cookie.HostOnly && domain.Length != host.Length) || (cookie.Secure && !secure)
                    || cookie.Expires <= now || !CookiePaths.Matches(path, cookie.Path))
                {
                    continue;
                }

                (matches ??= []).Add(cookie);
            }

            if (IPAddress.TryParse(host, out _))
            {
                break;
            }
        }

        return matches;
    }

    /// <summary>Deletes cookies by name, of one domain or all (null) and of one path or all (null).</summary>
    public int Delete(string name, string? domain, string? path)
    {
        var removed = 0;
        foreach (var (key, bucket) in _byDomain)
        {
            if (domain is null || key == domain)
            {
                removed += bucket.RemoveAll(c => c.Name == name && (path is null || c.Path == path));
            }
        }

        RemoveEmpty();
        _count -= removed;
        return removed;
    }

    public void Clear()
    {
        _byDomain.Clear();
        _count = 0;
    }

    public bool Clear(string domain)
    {
        if (!_byDomain.Remove(domain, out var bucket))
        {
            return false;
        }

        _count -= bucket.Count;
        return true;
    }

    /// <summary>
    /// Stores a cookie, replacing the one of the same name, domain and path; an expired one only deletes it.
    /// Returns false when nothing changed (an expired cookie the jar did not hold).
    /// </summary>
    public bool Store(StoredCookie cookie, bool expired)
    {
        if (!_byDomain.TryGetValue(cookie.Domain, out var bucket))
        {
            if (expired)
            {
                return false;
            }

            bucket = [];
            _byDomain[cookie.Domain] = bucket;
        }

        // RFC 6265 §5.3 step 11: the same name, domain and path is the same cookie.
        var existing = bucket.FindIndex(c => c.Name == cookie.Name && c.Path == cookie.Path);
        if (existing >= 0)
        {
            var created = bucket[existing].Created;
            bucket.RemoveAt(existing);
            _count--;
            cookie = cookie with { Created = created };
        }

        if (expired)
        {
            RemoveEmpty();
            return existing >= 0;
        }

        bucket.Add(cookie);
        _count++;
        EvictOverLimits(bucket);
        return true;
    }

    /// <summary>Past a limit (C7): expired cookies go first, then the oldest of the domain or of the whole jar.</summary>
    private void EvictOverLimits(List<StoredCookie> bucket)
    {
        var now = timeProvider.GetUtcNow();
        if (bucket.Count > maxPerDomain)
        {
            _count -= bucket.RemoveAll(c => c.Expires <= now);
            while (bucket.Count > maxPerDomain)
            {
                bucket.RemoveAt(OldestIndex(bucket));
                _count--;
            }
        }

        if (_count > maxTotal)
        {
            foreach (var list in _byDomain.Values)
            {
                _count -= list.RemoveAll(c => c.Expires <= now);
            }

            while (_count > maxTotal)
            {
                var oldest = _byDomain.Values.Where(l => l.Count > 0).MinBy(l => l[OldestIndex(l)].Created)!;
                oldest.RemoveAt(OldestIndex(oldest));
                _count--;
            }

            RemoveEmpty();
        }
    }

    private static int OldestIndex(List<StoredCookie> bucket)
    {
        var oldest = 0;
        for (var i = 1; i < bucket.Count; i++)
        {
            if (bucket[i].Created < bucket[oldest].Created)
            {
                oldest = i;
            }
        }

        return oldest;
    }

    private static string ParentDomain(string domain)
    {
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? string.Empty : domain[(dot + 1)..];
    }

    private void RemoveEmpty()
    {
        foreach (var key in _byDomain.Where(b => b.Value.Count == 0).Select(b => b.Key).ToList())
        {
            _byDomain.Remove(key);
        }
    }
}
