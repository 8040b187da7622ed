namespace Scraper.Items;

/// <summary>Creates exporters from a file name.</summary>
public static class ItemExporters
{
    /// <summary>Chooses the exporter by extension: <c>.jsonl</c>/<c>.ndjson</c>, <c>.csv</c> or <c>.json</c>.</summary>
    /// <param name="path">The output file.</param>
    /// <param name="append">Whether to append to an existing file (JSON Lines and CSV only).</param>
    /// <returns>The exporter.</returns>
    /// <exception cref="ArgumentException">The extension is none of these; the message lists them.</exception>
    public static IItemExporter ForFile(string path, bool append = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" => new JsonLinesExporter(path, append),
            ".csv" => new CsvExporter(path, append: append),
            ".json" => new JsonArrayExporter(path),
            var other => throw new ArgumentException(
                $"Cannot tell the output format of '{path}' from its extension '{other}': use .jsonl, .ndjson, .csv or .json.", nameof(path)),
        };
    }
}
