using System.Collections.Concurrent;

namespace Scraper.Telemetry;

/// <summary>
/// Bounds the values one metric tag takes: the first <c>capacity</c> distinct values seen keep their own value,
/// every later one is reported as <see cref="Overflow"/>. A broad crawl meets thousands of hosts, and each tag
/// value is a time series that a metrics backend keeps forever; the first ones are the spider's own sites.
/// </summary>
internal sealed class TagLimiter(int capacity)
{
    /// <summary>The value every tag value past the capacity is reported as.</summary>
    public const string Overflow = "_other";

    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public int Count => _values.Count;

    /// <summary>Gets the value to report for <paramref name="value"/>: itself while there is room, else <see cref="Overflow"/>.</summary>
    public string Of(string value)
    {
        if (_values.TryGetValue(value, out var known))
        {
            return known;
        }

        // Rare (once per distinct value): the lock makes the capacity exact under concurrent first sightings.
        lock (_lock)
        {
            if (_values.TryGetValue(value, out known))
            {
                return known;
            }

            if (_values.Count >= capacity)
            {
                return Overflow;
            }

            _values[value] = value;
            return value;
        }
    }
}
