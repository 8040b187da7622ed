using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Scraper.Crawling;
using Scraper.Http;
using Scraper.IO;

namespace Scraper.Items;

/// <summary>
/// Base of the file exporters: each item is rendered into a buffer first and written with a single write, on an
/// unbuffered file, so a killed process leaves whole records only. Writes to a caller's stream or to a file
/// (directories created). A file is written to a temporary file beside it and published when the run completes
/// (see <see cref="IPublishingExporter"/>), or appended to in place when resuming; it can take checkpoints and be
/// reopened at one (see <see cref="ICheckpointableExporter"/>).
/// </summary>
public abstract class ItemExporter : IPublishingExporter, ICheckpointableExporter
{
    private readonly string? _path;
    private readonly bool _append;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private Stream? _stream;
    private string? _writing;
    private long _items;
    private bool _closed;

    /// <summary>Creates an exporter that writes to a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="append">Whether to append to an existing file (a resumed crawl) instead of replacing it.</param>
    /// <param name="jsonOptions">How values are serialized; camelCase names and unescaped non-ASCII text when null.</param>
    protected ItemExporter(string path, bool append, JsonSerializerOptions? jsonOptions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _append = append;
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

    /// <summary>
    /// Gets or sets where the items of a run that did not complete (cancelled, failed) are kept, so the last complete
    /// export stays as it was; set it before opening.
    /// </summary>
    /// <value>The default value is the target with <c>.partial</c> before its extension (<c>output/shop.partial.jsonl</c>).</value>
    public string? PartialPath { get; set; }

    /// <summary>
    /// Gets or sets the temporary file a new output is written to until it is published; set it before opening
    /// (the host names it after the run, so a crashed run's items can be found). Its name should start with a dot
    /// and end in <c>.tmp</c>, as readers skip such files.
    /// </summary>
    /// <value>The default value is null: a new hidden file beside the target, <c>.shop.jsonl.{guid}.tmp</c>, each open.</value>
    public string? TemporaryPath { get; set; }

    /// <summary>Gets where the last closed output ended; null until closed, and again once reopened.</summary>
    public ExportPublication? Publication { get; private set; }

    /// <inheritdoc/>
    public bool CanCheckpoint => _path is not null;

    /// <summary>Gets the JSON options used for items and nested values.</summary>
    protected JsonSerializerOptions JsonOptions { get; }

    /// <summary>Gets a value indicating whether the output existed and had content when opened for appending.</summary>
    protected bool AppendingToExisting { get; private set; }

    /// <summary>Gets the JSON contract of a value's type from <see cref="JsonOptions"/> (source-generated or by reflection).</summary>
    /// <param name="type">The type.</param>
    /// <returns>The contract.</returns>
    protected JsonTypeInfo ContractOf(Type type) => JsonContracts.For(JsonOptions, type, "the exporter's JSON options");

    /// <summary>Creates a JSON writer over a buffer that escapes as <see cref="JsonOptions"/> says (a writer's own options win over the serializer's).</summary>
    /// <param name="buffer">The buffer.</param>
    /// <returns>The writer; dispose it to flush.</returns>
    protected Utf8JsonWriter CreateJsonWriter(IBufferWriter<byte> buffer) =>
        new(buffer, new JsonWriterOptions { Encoder = JsonOptions.Encoder, SkipValidation = true });

    /// <inheritdoc/>
    public async ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        Reset();
        if (_path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            // A new output goes to a temporary file of this run's own: the target keeps the last complete export until CloseAsync.
            _writing = _append ? _path : TemporaryPath is { } temporary ? Path.GetFullPath(temporary) : AtomicFile.TemporaryPathFor(_path);
            // Create, not CreateNew: a chosen temporary file may be the leftover of an earlier attempt at the same run.
            _stream = OpenFile(_writing, _append ? FileMode.Append : FileMode.Create);
            AppendingToExisting = _append && _stream.Position > 0;
        }

        await WriteAsync(buffer => WriteHeader(buffer), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask OpenAsync(ExportCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        RequireFile();
        cancellationToken.ThrowIfCancellationRequested();
        Reset();
        if (!File.Exists(checkpoint.Path))
        {
            throw new InvalidDataException($"Cannot resume the export: its file '{checkpoint.Path}' is missing.");
        }

        var stream = OpenFile(checkpoint.Path, FileMode.Open);
        if (stream.Length < checkpoint.Offset)
        {
            var length = stream.Length;
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new InvalidDataException(
                $"Cannot resume the export: '{checkpoint.Path}' holds {length} bytes, fewer than the {checkpoint.Offset} its checkpoint says were written.");
        }

        // Whatever follows the checkpoint belongs to requests that will be fetched again, or is a line torn by a crash.
        stream.SetLength(checkpoint.Offset);
        stream.Seek(0, SeekOrigin.End);
        _stream = stream;
        _writing = checkpoint.Path;
        _items = checkpoint.Items;
        AppendingToExisting = checkpoint.Offset > 0;
        Restore(checkpoint);
    }

    /// <inheritdoc/>
    public async ValueTask ExportAsync(object item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        await WriteAsync(buffer => WriteItem(buffer, item), cancellationToken).ConfigureAwait(false);
        _items++;
    }

    /// <inheritdoc/>
    public async ValueTask<ExportCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        RequireFile();
        var stream = _stream ?? throw NotOpen();
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        // The one disk sync of a checkpoint; items themselves are never synced one by one.
        ((FileStream)stream).Flush(flushToDisk: true);
        return Describe(new ExportCheckpoint(_writing!, stream.Position, _items));
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default) =>
        await CloseAsync(CrawlOutcome.Completed, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<ExportPublication> CloseAsync(CrawlOutcome outcome, CancellationToken cancellationToken = default)
    {
        if (_closed || _stream is null)
        {
            return Publication ?? new ExportPublication(_writing, Complete: true);
        }

        _closed = true;
        await WriteAsync(buffer => WriteFooter(buffer), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_path is null)
        {
            return Publication = new ExportPublication(null, Complete: true);
        }

        // Synced before the move, so a power cut after it cannot leave the published name pointing at missing bytes.
        ((FileStream)_stream).Flush(flushToDisk: true);
        // Closing releases the file, so the same exporter can be opened again for the next run.
        await _stream.DisposeAsync().ConfigureAwait(false);
        _stream = null;
        var complete = outcome is CrawlOutcome.Completed or CrawlOutcome.LimitReached;
        var destination = _writing == _path ? _path : complete ? _path : Path.GetFullPath(PartialPath ?? ItemExporters.PartialPathFor(_path));
        if (destination != _writing)
        {
            File.Move(_writing!, destination, overwrite: true);
        }

        return Publication = new ExportPublication(destination, complete);
    }

    /// <summary>
    /// Releases the file. An output opened and not closed stays in its temporary file, as after a crash: the last
    /// complete export is untouched, and a checkpoint taken earlier can still resume it.
    /// </summary>
    /// <returns>A task that completes when the file is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_path is not null && _stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
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

    /// <summary>Adds the exporter's own state to a checkpoint (the CSV columns).</summary>
    /// <param name="checkpoint">The position and item count.</param>
    /// <returns>The checkpoint to hand out.</returns>
    protected virtual ExportCheckpoint Describe(ExportCheckpoint checkpoint) => checkpoint;

    /// <summary>Restores the exporter's own state from a checkpoint instead of writing a header.</summary>
    /// <param name="checkpoint">The checkpoint being resumed.</param>
    protected virtual void Restore(ExportCheckpoint checkpoint)
    {
    }

    private static FileStream OpenFile(string path, FileMode mode) =>
        // bufferSize 0: every write goes to the file at once, so each record lands whole or not at all.
        new(path, mode, FileAccess.Write, FileShare.Read, bufferSize: 0, useAsync: true);

    private static InvalidOperationException NotOpen() => new("The exporter is not open: call OpenAsync first.");

    private void RequireFile()
    {
        if (_path is null)
        {
            throw new InvalidOperationException("Only an exporter writing to a file of its own can take or resume checkpoints; this one writes to a caller's stream.");
        }
    }

    private void Reset()
    {
        _closed = false;
        _items = 0;
        Publication = null;
    }

    private async ValueTask WriteAsync(Action<IBufferWriter<byte>> render, CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw NotOpen();
        _buffer.ResetWrittenCount();
        render(_buffer);
        if (_buffer.WrittenCount > 0)
        {
            await stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
    }
}
