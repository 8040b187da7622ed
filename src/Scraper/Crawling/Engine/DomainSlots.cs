using System.Collections.Concurrent;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Downloading.Politeness;

namespace Scraper.Crawling.Engine;

/// <summary>
/// One <see cref="DomainSlot"/> per host, made on first use; per proxy and host when the request's session goes
/// through a proxy (Scraper:Proxies), since a site limits each address it sees, and a proxy is one. With a shared
/// <see cref="IPolitenessState"/> (workers of one crawl), each key's politeness comes from it instead.
/// </summary>
internal sealed class DomainSlots : IDisposable
{
    private readonly ConcurrentDictionary<string, IDomainPoliteness> _slots = new(StringComparer.OrdinalIgnoreCase);
    private readonly CrawlOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<string, string?>? _proxyKeyOf;
    private readonly IPolitenessState? _shared;

    /// <param name="options">The crawl's politeness settings.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="proxyKeyOf">The <c>host:port</c> of the proxy a session (by name) goes through now, when the crawl has proxies.</param>
    /// <param name="shared">The crawl's shared politeness state (owned from now on), or null for the in-process one.</param>
    public DomainSlots(CrawlOptions options, TimeProvider timeProvider, Func<string, string?>? proxyKeyOf = null, IPolitenessState? shared = null)
    {
        _shared = shared;
        _options = options;
        _timeProvider = timeProvider;
        _proxyKeyOf = proxyKeyOf;
    }

    /// <summary>Gets the slot a request's attempt goes through: its host's, seen through its session's proxy of the moment.</summary>
    /// <param name="url">The request's URL.</param>
    /// <param name="context">The download's context, whose session may go through a proxy.</param>
    public IDomainPoliteness For(Uri url, DownloadContext context) => For(url, _proxyKeyOf?.Invoke(context.Session.Name));

    /// <summary>Gets the slot of a host, or of a host seen through one proxy.</summary>
    /// <param name="url">The request's URL.</param>
    /// <param name="proxyKey">The <c>host:port</c> of the proxy the request's session goes through now , or null.</param>
    public IDomainPoliteness For(Uri url, string? proxyKey = null) => _slots.GetOrAdd(proxyKey is null ? url.Host : $"{url.Host} via {proxyKey}", static (key, self) => self._shared?.For(key) ?? new DomainSlot(
        key,
        self._options.ConcurrentRequestsPerDomain,
        self._options.DownloadDelay,
        self._options.RandomizeDelay,
        self._options.AutoThrottle,
        self._timeProvider), this);

    /// <summary>Lists the slots paused at <paramref name="now"/> (Retry-After, a domain's backoff), for the gauges and the status page.</summary>
    public IReadOnlyList<Telemetry.DomainPause> Paused(DateTimeOffset now)
    {
        List<Telemetry.DomainPause>? paused = null;
        foreach (var slot in _slots.Values)
        {
            if (slot.PausedUntil is var until && until > now)
            {
                (paused ??= []).Add(new(slot.Key, until));
            }
        }

        return paused ?? [];
    }

    public void Dispose()
    {
        foreach (var slot in _slots.Values)
        {
            (slot as IDisposable)?.Dispose();
        }

        _shared?.Dispose();
    }
}
