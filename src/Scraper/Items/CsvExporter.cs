using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Scraper.Items;

/// <summary>
/// Writes items as CSV (RFC 4180): a header row from the first item's properties as JSON names them (or the given
/// columns), then one row per item. Properties come from the same JSON contracts as the JSON exporters (so
/// <c>[JsonIgnore]</c> and source-generated metadata apply); fields are quoted when needed; nested values are written
/// as JSON; numbers and dates use the invariant culture. Items of a different type fill the columns they share by name.
/// </summary>
public sealed class CsvExporter : ItemExporter
{
    private readonly Dictionary<Type, Dictionary<string, JsonPropertyInfo>> _properties = [];
    private readonly StringBuilder _row = new();
    private readonly string[]? _givenColumns;
    private string[]? _columns;
    private bool _headerWritten;

    /// <summary>Creates an exporter to a file.</summary>
    /// <param name="path">The file, for example <c>output/books.csv</c>.</param>
    /// <param name="columns">The columns, by property name; the first item's properties when null.</param>
    /// <param name="append">Whether to append (a resumed crawl, no second header) instead of replacing the file.</param>
    /// <param name="jsonOptions">How header names and nested values are written; camelCase when null.</param>
    public CsvExporter(string path, IEnumerable<string>? columns = null, bool append = false, JsonSerializerOptions? jsonOptions = null)
        : base(path, append, jsonOptions)
    {
        _givenColumns = columns?.ToArray();
    }

    /// <summary>Creates an exporter to a stream the caller owns.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="columns">The columns, by property name; the first item's properties when null.</param>
    /// <param name="jsonOptions">How header names and nested values are written.</param>
    public CsvExporter(Stream stream, IEnumerable<string>? columns = null, JsonSerializerOptions? jsonOptions = null)
        : base(stream, jsonOptions)
    {
        _givenColumns = columns?.ToArray();
    }

    /// <inheritdoc/>
    protected override void WriteItem(IBufferWriter<byte> buffer, object item)
    {
        var properties = PropertiesOf(item.GetType());
        _row.Clear();
        // Columns are JSON names: a given column may be a property's name, which the naming policy turns into one.
        _columns ??= _givenColumns is null
            ? [.. properties.Keys]
            : [.. _givenColumns.Select(column => properties.ContainsKey(column) ? column : JsonOptions.PropertyNamingPolicy?.ConvertName(column) ?? column)];
        if (!_headerWritten)
        {
            // An appended file already starts with its header.
            _headerWritten = true;
            if (!AppendingToExisting)
            {
                AppendRow(_columns);
            }
        }

        AppendRow(_columns.Select(column => Format(properties.GetValueOrDefault(column)?.Get!(item))));
        Encoding.UTF8.GetBytes(_row.ToString(), buffer);
    }

    /// <inheritdoc/>
    protected override void WriteHeader(IBufferWriter<byte> buffer)
    {
        _headerWritten = false;
        _columns = null;
    }

    /// <inheritdoc/>
    protected override ExportCheckpoint Describe(ExportCheckpoint checkpoint) =>
        _headerWritten ? checkpoint with { Columns = _columns } : checkpoint;

    /// <inheritdoc/>
    protected override void Restore(ExportCheckpoint checkpoint)
    {
        // The columns the header row already names: the rows after it must keep them, whatever the next item's type.
        _columns = checkpoint.Columns?.ToArray();
        _headerWritten = _columns is not null;
    }

    private void AppendRow(IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                _row.Append(',');
            }

            first = false;
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]))))
            {
                _row.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                _row.Append(field);
            }
        }

        _row.Append("\r\n");
    }

    private string Format(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        DateTimeOffset moment => moment.ToString("O", CultureInfo.InvariantCulture),
        DateTime moment => moment.ToString("O", CultureInfo.InvariantCulture),
        Uri uri => uri.AbsoluteUri,
        Enum member => member.ToString(),
        bool flag => flag ? "true" : "false",
        IFormattable formattable when value.GetType().IsPrimitive || value is decimal => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, ContractOf(value.GetType())),
    };

    private Dictionary<string, JsonPropertyInfo> PropertiesOf(Type type)
    {
        if (!_properties.TryGetValue(type, out var properties))
        {
            properties = ContractOf(type).Properties.Where(property => property.Get is not null).ToDictionary(property => property.Name, StringComparer.Ordinal);
            _properties[type] = properties;
        }

        return properties;
    }
}
