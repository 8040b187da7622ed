using System.Buffers;
using System.Text.Json;

namespace Scraper.Items;

/// <summary>
/// Writes one JSON object per line (JSON Lines): the format to choose for large or resumable crawls, because every
/// line stands alone and a killed crawl leaves a valid file.
/// </summary>
public sealed class JsonLinesExporter : ItemExporter
{
    /// <summary>Creates an exporter to a file.</summary>
    /// <param name="path">The file, for example <c>output/books.jsonl</c>.</param>
    /// <param name="append">Whether to append (a resumed crawl) instead of replacing the file.</param>
    /// <param name="jsonOptions">How items are serialized; camelCase when null.</param>
    public JsonLinesExporter(string path, bool append = false, JsonSerializerOptions? jsonOptions = null)
        : base(path, append, jsonOptions)
    {
    }

    /// <summary>Creates an exporter to a stream the caller owns.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="jsonOptions">How items are serialized.</param>
    public JsonLinesExporter(Stream stream, JsonSerializerOptions? jsonOptions = null)
        : base(stream, jsonOptions)
    {
    }

    /// <inheritdoc/>
    protected override void WriteItem(IBufferWriter<byte> buffer, object item)
    {
        using (var writer = CreateJsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, item, ContractOf(item.GetType()));
        }

        buffer.Write("\n"u8);
    }
}
