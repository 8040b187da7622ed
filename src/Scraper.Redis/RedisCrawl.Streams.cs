using System.Text.Json;

namespace Scraper.Redis;

/// <summary>The crawl's Redis stream exporters, whose items the frontier appends in the script that commits a worker's acknowledgements.</summary>
public sealed partial class RedisCrawl
{
    private readonly Lock _streamsLock = new();
    private RedisStreamExporter[] _streams = [];

    /// <summary>
    /// Makes an exporter that appends every item, as JSON in the entry's <c>item</c> field, to a Redis stream: with
    /// this crawl's frontier, in the same script as the acknowledgement of the request that yielded it, so a consumer
    /// reading the stream (XREAD, XREADGROUP) sees each item once, even when a worker is killed mid-crawl.
    /// </summary>
    /// <param name="key">The stream's key; on a Redis Cluster, give it the crawl's hash tag (<c>{crawl}</c>) so it lies in the crawl's slot.</param>
    /// <param name="maxLength">Trims the stream to about this many entries (<c>XADD MAXLEN ~</c>); null keeps every entry.</param>
    /// <param name="jsonOptions">How items are serialized; the file exporters' defaults (camelCase) when null.</param>
    /// <returns>An exporter for <see cref="Crawling.CrawlerServices.Exporters"/>, for one run (one run at a time per connection: its frontier commits the open streams' items).</returns>
    /// <exception cref="ArgumentException">The key is empty or the length not positive.</exception>
    public RedisStreamExporter CreateStreamExporter(string key, long? maxLength = null, JsonSerializerOptions? jsonOptions = null)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsControl))
        {
            throw new ArgumentException("The stream key must be a non-empty name without control characters.", nameof(key));
        }

        if (maxLength is <= 0)
        {
            throw new ArgumentException($"The stream's maximum length {maxLength} must be positive (or null for none).", nameof(maxLength));
        }

        return new RedisStreamExporter(this, key, maxLength, jsonOptions);
    }

    /// <summary>The stream exporters open now, for a commit.</summary>
    internal RedisStreamExporter[] OpenStreams() => Volatile.Read(ref _streams);

    internal void Attach(RedisStreamExporter stream)
    {
        lock (_streamsLock)
        {
            if (!_streams.Contains(stream))
            {
                _streams = [.. _streams, stream];
            }
        }
    }

    internal void Detach(RedisStreamExporter stream)
    {
        lock (_streamsLock)
        {
            _streams = [.. _streams.Where(open => open != stream)];
        }
    }
}
