using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Scraper.IO;
using Scraper.Items;

namespace Scraper.Hosting;

/// <summary>
/// The run history, one JSON line per finished run in <c>{StateDirectory}/runs.jsonl</c>: appended whole (one write per
/// line) so a crash never leaves a torn record, and read back at start-up to show the last runs. A run in progress is
/// kept in <c>{StateDirectory}/runs/{spider}.running.json</c> from its start (replaced atomically as it goes), so the
/// next start of that spider can record a run whose process died as crashed.
/// </summary>
internal sealed class RunHistory(IOptions<ScraperHostOptions> options)
{
    private readonly SemaphoreSlim _write = new(1, 1);

    public string Path => System.IO.Path.Combine(options.Value.StateDirectory, "runs.jsonl");

    /// <summary>Records a run that starts, or brings its record up to date.</summary>
    public Task SaveRunningAsync(RunRecord record, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAsync(
            RunningPath(record.Spider),
            (stream, token) => JsonSerializer.SerializeAsync(stream, record, RunHistoryJson.Default.RunRecord, token),
            ownerOnly: false,
            flushToDisk: false,
            cancellationToken);

    /// <summary>Appends a finished run to the history and forgets it as running.</summary>
    public async Task FinishAsync(RunRecord record, CancellationToken cancellationToken = default)
    {
        await AppendAsync(record, cancellationToken).ConfigureAwait(false);
        File.Delete(RunningPath(record.Spider));
    }

    /// <summary>
    /// Finds a run of the spider that started and never finished (its process was killed), records it as crashed with
    /// what it had done by its last update, and moves the items its temporary file held to a partial file (an empty one
    /// is deleted: the record then names no partial file), unless the spider's job owns that file (<paramref name="ownedByJob"/>: the resumed job continues it from its last checkpoint).
    /// </summary>
    /// <returns>The crashed run's record, or null when the last run finished.</returns>
    public async Task<RunRecord?> RecoverCrashedAsync(string spider, IReadOnlySet<string>? ownedByJob = null, CancellationToken cancellationToken = default)
    {
        var path = RunningPath(spider);
        if (!File.Exists(path))
        {
            return null;
        }

        RunRecord? running;
        try
        {
            running = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), RunHistoryJson.Default.RunRecord);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The record of the unfinished run '{path}' is not valid JSON: {ex.Message}", ex);
        }

        if (running is null)
        {
            File.Delete(path);
            return null;
        }

        var crashed = running with { Outcome = RunRecord.Crashed, Error = "The process ended before the run did.", Partial = KeepPartial(running, ownedByJob) };
        await FinishAsync(crashed, cancellationToken).ConfigureAwait(false);
        return crashed;
    }

    public async Task AppendAsync(RunRecord record, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(record, RunHistoryJson.Default.RunRecord);
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(options.Value.StateDirectory);
            var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[line.Length + 1];
                line.CopyTo(buffer, 0);
                buffer[^1] = (byte)'\n';
                await stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _write.Release();
        }
    }

    private static string? KeepPartial(RunRecord running, IReadOnlySet<string>? ownedByJob)
    {
        if (running.Partial is not { } temporary || !File.Exists(temporary) || running.Output is not { } output)
        {
            return null;
        }

        if (ownedByJob is not null && ownedByJob.Contains(System.IO.Path.GetFullPath(temporary)))
        {
            return temporary;
        }

        // A run killed before its first item (during the login, say) left an empty file: nothing to keep, and no
        // partial file to name.
        if (new FileInfo(temporary).Length == 0)
        {
            File.Delete(temporary);
            return null;
        }

        var partial = System.IO.Path.GetFullPath(ItemExporters.PartialPathFor(output, running.Id));
        File.Move(temporary, partial, overwrite: true);
        return partial;
    }

    private static bool IsSameSharedRun(RunRecord earlier, RunRecord later) =>
        earlier.Crawl == later.Crawl && earlier.Id == later.Id && string.Equals(earlier.Spider, later.Spider, StringComparison.Ordinal);

    private string RunningPath(string spider) => System.IO.Path.Combine(options.Value.StateDirectory, "runs", spider + ".running.json");

    public async Task<IReadOnlyList<RunRecord>> ReadLastAsync(int count, CancellationToken cancellationToken = default)
    {
        if (count <= 0 || !File.Exists(Path))
        {
            return [];
        }

        var records = new Queue<RunRecord>(count);
        foreach (var line in await File.ReadAllLinesAsync(Path, cancellationToken).ConfigureAwait(false))
        {
            RunRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(line, RunHistoryJson.Default.RunRecord);
            }
            catch (JsonException)
            {
                // A line from a newer version or a damaged disk: history is informational, skip it.
                continue;
            }

            if (record is null)
            {
                continue;
            }

            if (record.Crawl is not null && records.Any(earlier => IsSameSharedRun(earlier, record)))
            {
                // Workers of one shared crawl that share a state folder each record the crawl's run: the last, which
                // saw the most rows, stands for it.
                records = new Queue<RunRecord>(records.Where(earlier => !IsSameSharedRun(earlier, record)));
            }

            if (records.Count == count)
            {
                records.Dequeue();
            }

            records.Enqueue(record);
        }

        return [.. records];
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(JobRun))]
internal sealed partial class RunHistoryJson : JsonSerializerContext;
