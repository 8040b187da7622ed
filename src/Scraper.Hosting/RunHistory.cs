using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Scraper.Hosting;

/// <summary>
/// The run history, one JSON line per run in <c>{StateDirectory}/runs.jsonl</c>: appended whole (one write per
/// line) so a crash never leaves a torn record, and read back at start-up to show the last runs.
/// </summary>
internal sealed class RunHistory(IOptions<ScraperHostOptions> options)
{
    private readonly SemaphoreSlim _write = new(1, 1);

    public string Path => System.IO.Path.Combine(options.Value.StateDirectory, "runs.jsonl");

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
internal sealed partial class RunHistoryJson : JsonSerializerContext;
