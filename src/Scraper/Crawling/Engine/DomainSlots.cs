using System.Collections.Concurrent;

namespace Scraper.Crawling.Engine;

/// <summary>One <see cref="DomainSlot"/> per host, made on first use.</summary>
internal sealed class DomainSlots : IDisposable
{
    private readonly ConcurrentDictionary<string, DomainSlot> _slots = new(StringComparer.OrdinalIgnoreCase);
    private readonly CrawlOptions _options;
    private readonly TimeProvider _timeProvider;

    public DomainSlots(CrawlOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
    }

    public DomainSlot For(Uri url) => _slots.GetOrAdd(url.Host, static (host, self) => new DomainSlot(
        host,
        self._options.ConcurrentRequestsPerDomain,
        self._options.DownloadDelay,
        self._options.RandomizeDelay,
        self._options.AutoThrottle,
        self._timeProvider), this);

    public void Dispose()
    {
        foreach (var slot in _slots.Values)
        {
            slot.Dispose();
        }
    }
}
