using System.Buffers;
using System.Text.Json;

namespace Scraper.Items;

/// <summary>
/// Writes one JSON array of items, one item per line. The closing bracket is written when the crawl stops (also
/// when it is cancelled); a killed process leaves it out of the run's temporary file (the last complete export stays
/// whole), which is why <see cref="JsonLinesExporter"/> suits long crawls better.
/// </summary>
public sealed class JsonArrayExporter : ItemExporter
{
    private bool _first = true;

    /// <summary>Creates an exporter to a file.</summary>
    /// <param name="path">The file, for example <c>output/books.json</c>.</param>
    /// <param name="jsonOptions">How items are serialized; camelCase when null.</param>
    public JsonArrayExporter(string path, JsonSerializerOptions? jsonOptions = null)
        : base(path, append: false, jsonOptions)
    {
    }

    /// <summary>Creates an exporter to a stream the caller owns.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="jsonOptions">How items are serialized.</param>
    public JsonArrayExporter(Stream stream, JsonSerializerOptions? jsonOptions = null)
        : base(stream, jsonOptions)
    {
    }

    /// <inheritdoc/>
    protected override void WriteHeader(IBufferWriter<byte> buffer)
    {
        _first = true;
        buffer.Write("["u8);
    }

    /// <inheritdoc/>
    protected override void WriteItem(IBufferWriter<byte> buffer, object item)
    {
        buffer.Write(_first ? "\n"u8 : ",\n"u8);
        _first = false;
        using var writer = CreateJsonWriter(buffer);
        JsonSerializer.Serialize(writer, item, ContractOf(item.GetType()));
    }

    /// <inheritdoc/>
    protected override void Restore(ExportCheckpoint checkpoint) => _first = checkpoint.Items == 0;

    /// <inheritdoc/>
    protected override void WriteFooter(IBufferWriter<byte> buffer) => buffer.Write(_first ? "]\n"u8 : "\n]\n"u8);
}
