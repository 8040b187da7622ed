using System.Text.Json;
using Microsoft.Extensions.Logging;
using Scraper.IO;
using Scraper.Items;

namespace Scraper.Redis;

/// <summary>
/// This worker's committed export checkpoints, kept in the crawl's checkpoint hash under its name until its export is
/// published. A run that ends marks the worker as publishing before its exporters publish, and drops the checkpoint
/// only once they did (see <see cref="RedisFrontier.MarkFinishedAsync"/>): whichever instant a kill strikes, a restart
/// under the same name either resumes the export (its temporary file is still there) or finds it published.
/// </summary>
public sealed partial class RedisCrawl
{
    /// <summary>
    /// Reads the export checkpoints this worker last committed: empty when it has none (a new worker, or its export was
    /// published). A checkpoint left by a run that was publishing when it stopped, whose temporary files are gone, was
    /// published: it is dropped here, so nothing is resumed and nothing written twice.
    /// </summary>
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

        IReadOnlyList<ExportCheckpoint?> checkpoints;
        try
        {
            checkpoints = JsonSerializer.Deserialize(stored, RedisCheckpointJson.Default.ExportCheckpointArray) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Shared crawl '{Keys.Crawl}': the export checkpoints of worker '{Worker}' in {(string?)Keys.Checkpoints} are not valid JSON ({ex.Message}).", ex);
        }

        var publishing = await Database.HashGetAsync(Keys.Publishing, Worker).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (publishing.IsNull || !IsPublished(checkpoints))
        {
            return checkpoints;
        }

        // Killed after its exporters published and before the checkpoint went: the published file holds the items.
        await DropPublishedCheckpointAsync(cancellationToken).ConfigureAwait(false);
        LogFoundPublished(LoggerFactory.CreateLogger<RedisCrawl>(), Worker, Keys.Crawl);
        return [];
    }

    /// <summary>Drops this worker's checkpoint, last commit id and publishing mark: its export is published.</summary>
    internal Task DropPublishedCheckpointAsync(CancellationToken cancellationToken) =>
        Database.ScriptEvaluateAsync(CommitScripts.Published, [Keys.Checkpoints, Keys.Commits, Keys.Publishing], [Worker]).WaitAsync(cancellationToken);

    /// <summary>
    /// Tells whether the export these checkpoints name was published: no temporary file of theirs (a dot first,
    /// <c>.tmp</c> last) is left, as publishing moves each over its target. A checkpoint of a file appended in place
    /// or of a stream has nothing to move and does not hold it back.
    /// </summary>
    internal static bool IsPublished(IEnumerable<ExportCheckpoint?> checkpoints) =>
        !checkpoints.OfType<ExportCheckpoint>().Any(checkpoint => AtomicFile.IsTemporary(Path.GetFileName(checkpoint.Path)) && File.Exists(checkpoint.Path));

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} of crawl {Crawl} had published its export when it stopped; its checkpoint is dropped, nothing is resumed.")]
    private static partial void LogFoundPublished(ILogger logger, string worker, string crawl);
}
