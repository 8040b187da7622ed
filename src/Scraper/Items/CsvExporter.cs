using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Scraper.Items;

/// <summary>
/// Writes items as CSV (RFC 4180): a header row from the first item's public properties (or the given columns),
/// then one row per item. Fields are quoted when needed; nested values are written as JSON; numbers and dates use
/// the invariant culture. Items of a different type fill the columns they share by name.
/// </summary>
public sealed class CsvExporter : ItemExporter
{
    private readonly Dictionary<Type, PropertyInfo[]> _properties = [];
    private readonly StringBuilder _row = new();
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
        _columns = columns?.ToArray();
    }

    /// <summary>Creates an exporter to a stream the caller owns.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="columns">The columns, by property name; the first item's properties when null.</param>
    /// <param name="jsonOptions">How header names and nested values are written.</param>
    public CsvExporter(Stream stream, IEnumerable<string>? columns = null, JsonSerializerOptions? jsonOptions = null)
        : base(stream, jsonOptions)
    {
        _columns = columns?.ToArray();
    }

    /// <inheritdoc/>
    protected override void WriteItem(IBufferWriter<byte> buffer, object item)
    {
        var properties = PropertiesOf(item.GetType());
        _row.Clear();
        _columns ??= [.. properties.Select(property => property.Name)];
        if (!_headerWritten)
        {
            // An appended file already starts with its header.
            _headerWritten = true;
            if (!AppendingToExisting)
            {
                AppendRow(_columns.Select(ColumnHeader));
            }
        }

        AppendRow(_columns.Select(column => Format(properties.FirstOrDefault(p => p.Name == column)?.GetValue(item))));
        Encoding.UTF8.GetBytes(_row.ToString(), buffer);
    }

    /// <inheritdoc/>
    protected override void WriteHeader(IBufferWriter<byte> buffer) => _headerWritten = false;

    private string ColumnHeader(string property) => JsonOptions.PropertyNamingPolicy?.ConvertName(property) ?? property;

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
        _ => JsonSerializer.Serialize(value, value.GetType(), JsonOptions),
    };

    private PropertyInfo[] PropertiesOf(Type type)
    {
        if (!_properties.TryGetValue(type, out var properties))
        {
            properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(property => property.CanRead && property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
                .ToArray();
            _properties[type] = properties;
        }

        return properties;
    }
}
