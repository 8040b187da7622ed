namespace Scraper.Items;

/// <summary>Creates exporters from a file name.</summary>
public static class ItemExporters
{
    /// <summary>Chooses the exporter by extension: <c>.jsonl</c>/<c>.ndjson</c>, <c>.csv</c> or <c>.json</c>.</summary>
    /// <param name="path">The output file.</param>
    /// <param name="append">Whether to append to an existing file (JSON Lines and CSV only).</param>
    /// <param name="partialPath">Where a run that does not complete keeps its items; <see cref="PartialPathFor"/> of the file when null.</param>
    /// <returns>The exporter.</returns>
    /// <exception cref="ArgumentException">The extension is none of these; the message lists them.</exception>
    public static ItemExporter ForFile(string path, bool append = false, string? partialPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ItemExporter exporter = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" => new JsonLinesExporter(path, append),
            ".csv" => new CsvExporter(path, append: append),
            ".json" => new JsonArrayExporter(path),
            var other => throw new ArgumentException(FormatError(path, other), nameof(path)),
        };
        exporter.PartialPath = partialPath;
        return exporter;
    }

    /// <summary>Tells whether <see cref="ForFile"/> knows a file's format, with the reason when it does not.</summary>
    /// <param name="path">The output file.</param>
    /// <returns>Null when the extension is known; otherwise what is wrong, listing the known ones.</returns>
    public static string? CheckExtension(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson" or ".csv" or ".json" ? null : FormatError(path, Path.GetExtension(path));

    /// <summary>
    /// Names the file that keeps the items of a run that did not complete: <c>.partial</c> (after an optional tag
    /// such as the run id) before the extension, beside the target: <c>output/shop.jsonl</c> → <c>output/shop.partial.jsonl</c>.
    /// </summary>
    /// <param name="path">The target.</param>
    /// <param name="tag">A tag to tell runs apart (<c>output/shop.20261201-101500-a1b2.partial.jsonl</c>); none when null.</param>
    /// <returns>The partial file's path.</returns>
    public static string PartialPathFor(string path, string? tag = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var name = Path.GetFileNameWithoutExtension(path) + (tag is null ? string.Empty : "." + tag) + ".partial" + Path.GetExtension(path);
        return Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, name);
    }

    private static string FormatError(string path, string extension) =>
        $"Cannot tell the output format of '{path}' from its extension '{extension}': use .jsonl, .ndjson, .csv or .json.";
}
