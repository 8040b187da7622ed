using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Scraper.Http;

namespace Scraper.Items;

/// <summary>
/// Base of the file exporters: each item is rendered into a buffer first and written with a single write, on an
/// unbuffered file, so a killed process leaves whole records only. Writes to a caller's stream or to a file
/// (directories created; the file replaced, or appended to when resuming).
/// </summary>
public abstract class ItemExporter : IItemExporter
{
    private readonly string? _path;
    private readonly bool _append;
    private readonly bool _ownsStream;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private Stream? _stream;
    private bool _closed;

    /// <summary>Creates an exporter that writes to a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="append">Whether to append to an existing file (a resumed crawl) instead of replacing it.</param>
    /// <param name="jsonOptions">How values are serialized; camelCase names and unescaped non-ASCII text when null.</param>
    protected ItemExporter(string path, bool append, JsonSerializerOptions? jsonOptions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _append = append;
        _ownsStream = true;
        JsonOptions = jsonOptions ?? DefaultJsonOptions;
    }

    /// <summary>Creates an exporter that writes to a stream the caller owns.</summary>
    /// <param name="stream">The stream; it is flushed, not closed.</param>
    /// <param name="jsonOptions">How values are serialized.</param>
    protected ItemExporter(Stream stream, JsonSerializerOptions? jsonOptions)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        JsonOptions = jsonOptions ?? DefaultJsonOptions;
    }

    /// <summary>
    /// Gets the default JSON options: web naming (camelCase) and readable non-ASCII text, with reflection metadata.
    /// A native AOT executable passes its own options instead, with a source-generated <c>JsonSerializerContext</c>
    /// that lists its item types (copy these with <see cref="JsonSerializerOptions(JsonSerializerOptions)"/> and set
    /// <see cref="JsonSerializerOptions.TypeInfoResolver"/>).
    /// </summary>
    public static JsonSerializerOptions DefaultJsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Gets the JSON options used for items and nested values.</summary>
    protected JsonSerializerOptions JsonOptions { get; }

    /// <summary>Gets the JSON contract of a value's type from <see cref="JsonOptions"/> (source-generated or by reflection).</summary>
    /// <param name="type">The type.</param>
    /// <returns>The contract.</returns>
    protected JsonTypeInfo ContractOf(Type type) => JsonContracts.For(JsonOptions, type, "the exporter's JSON options");

    /// <summary>Creates a JSON writer over a buffer that escapes as <see cref="JsonOptions"/> says (a writer's own options win over the serializer's).</summary>
    /// <param name="buffer">The buffer.</param>
    /// <returns>The writer; dispose it to flush.</returns>
    protected Utf8JsonWriter CreateJsonWriter(IBufferWriter<byte> buffer) =>
        new(buffer, new JsonWriterOptions { Encoder = JsonOptions.Encoder, SkipValidation = true });

    /// <summary>Gets a value indicating whether the output existed and had content when opened for appending.</summary>
    protected bool AppendingToExisting { get; private set; }

    /// <inheritdoc/>
    public async ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        _closed = false;
        if (_path is not null && _stream is null)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(_path)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }

            // bufferSize 0: every write goes to the file at once, so each record lands whole or not at all.
            _stream = new FileStream(_path, _append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0, useAsync: true);
            AppendingToExisting = _append && _stream.Position > 0;
        }

        await WriteAsync(buffer => WriteHeader(buffer), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask ExportAsync(object item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return WriteAsync(buffer => WriteItem(buffer, item), cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_closed || _stream is null)
        {
            return;
        }

        _closed = true;
        await WriteAsync(buffer => WriteFooter(buffer), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_ownsStream)
        {
            // Closing releases the file, so the same exporter can be opened again for the next run.
            await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_ownsStream && _stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Renders what precedes the first item, and resets per-output state (each open starts a new output).</summary>
    /// <param name="buffer">The buffer to render into.</param>
    protected virtual void WriteHeader(IBufferWriter<byte> buffer)
    {
    }

    /// <summary>Renders one item.</summary>
    /// <param name="buffer">The buffer to render into.</param>
    /// <param name="item">The item.</param>
    protected abstract void WriteItem(IBufferWriter<byte> buffer, object item);

    /// <summary>Renders what follows the last item.</summary>
    /// <param name="buffer">The buffer to render into.</param>
    protected virtual void WriteFooter(IBufferWriter<byte> buffer)
    {
    }

    private async ValueTask WriteAsync(Action<IBufferWriter<byte>> render, CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw new InvalidOperationException("The exporter is not open: call OpenAsync first.");
        _buffer.ResetWrittenCount();
        render(_buffer);
        if (_buffer.WrittenCount > 0)
        {
            await stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
    }
}
