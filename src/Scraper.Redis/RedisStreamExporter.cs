using System.Text.Json;
using Scraper.Items;
using StackExchange.Redis;

namespace Scraper.Redis;

/// <summary>
/// Appends items to a Redis stream for a downstream consumer (<see cref="RedisCrawl.CreateStreamExporter"/>). Items are
/// held in memory until the worker commits the requests that yielded them: the crawl's frontier appends them
/// (<c>XADD</c>) in the same script as those acknowledgements, so an item is in the stream exactly when its request is
/// done; a killed worker's uncommitted items never reach it, and the requests are scraped again by another worker.
/// Without the crawl's frontier (no commit), the items are appended when the exporter closes.
/// </summary>
public sealed class RedisStreamExporter : ICheckpointableExporter
{
    private const int AppendChunk = 500;
    private readonly RedisCrawl _crawl;
    private readonly JsonSerializerOptions _json;
    private readonly List<string> _pending = [];
    private readonly List<string> _sealed = [];
    private readonly string _token = $"{Guid.NewGuid():N}"[..12];
    private long _committed;
    private long _appends;

    internal RedisStreamExporter(RedisCrawl crawl, string key, long? maxLength, JsonSerializerOptions? jsonOptions)
    {
        _crawl = crawl;
        Key = key;
        MaxLength = maxLength;
        _json = jsonOptions ?? ItemExporter.DefaultJsonOptions;
    }

    /// <summary>Gets the stream's key.</summary>
    public string Key { get; }

    /// <summary>Gets the length the stream is trimmed to (about), or null.</summary>
    public long? MaxLength { get; }

    /// <inheritdoc/>
    public bool CanCheckpoint => true;

    /// <summary>Gets the items checkpointed and waiting for the commit that appends them.</summary>
    internal IReadOnlyList<string> Sealed => _sealed;

    /// <inheritdoc/>
    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        _crawl.Attach(this);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask OpenAsync(ExportCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        // Nothing to cut off: what was not committed never reached the stream.
        _committed = checkpoint.Items;
        return OpenAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask ExportAsync(object item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        _pending.Add(JsonSerializer.Serialize(item, Scraper.Http.JsonContracts.For(_json, item.GetType(), "the stream exporter's JSON options")));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<ExportCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        // Sealed until a commit appends them; a commit that fails leaves them for the next one.
        _sealed.AddRange(_pending);
        _pending.Clear();
        var items = _committed + _sealed.Count;
        return ValueTask.FromResult(new ExportCheckpoint("redis-stream:" + Key, items, items));
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        _crawl.Detach(this);
        // Left only when no frontier of the crawl committed them (a crawl of this process with a stream exporter).
        // Appended in chunks, each once however often it is retried (an operation key per chunk).
        foreach (var chunk in _sealed.Concat(_pending).Chunk(AppendChunk))
        {
            var operation = _crawl.Keys.Operation($"{_token}:{++_appends}");
            await _crawl.Database.ScriptEvaluateAsync(CommitScripts.Append, [Key, operation], [_crawl.OperationLifetime, MaxLength ?? 0, .. chunk.Select(entry => (RedisValue)entry)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _committed += _sealed.Count + _pending.Count;
        _sealed.Clear();
        _pending.Clear();
    }

    /// <summary>Closes without appending: the worker stopped before committing these items, which are scraped again.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        _crawl.Detach(this);
        _pending.Clear();
        _sealed.Clear();
        return ValueTask.CompletedTask;
    }

    /// <summary>The commit appended the first <paramref name="count"/> sealed items.</summary>
    internal void Committed(int count)
    {
        _sealed.RemoveRange(0, count);
        _committed += count;
    }
}
