using System.Text.Json;
using Scraper.Items;

namespace Scraper.Redis;

/// <summary>This worker's committed export checkpoints, kept in the crawl's checkpoint hash under its name.</summary>
public sealed partial class RedisCrawl
{
    /// <summary>Reads the export checkpoints this worker last committed: empty when it has none (a new worker, or its export was published).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoints, by exporter position.</returns>
    /// <exception cref="InvalidDataException">What is stored is not valid; the message names the worker and the key.</exception>
    internal async Task<IReadOnlyList<ExportCheckpoint?>> ReadCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        var stored = (string?)await Database.HashGetAsync(Keys.Checkpoints, Worker).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(stored, RedisCheckpointJson.Default.ExportCheckpointArray) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Shared crawl '{Keys.Crawl}': the export checkpoints of worker '{Worker}' in {(string?)Keys.Checkpoints} are not valid JSON ({ex.Message}).", ex);
        }
    }
}
