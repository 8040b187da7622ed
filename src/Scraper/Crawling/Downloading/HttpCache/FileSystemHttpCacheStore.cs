using System.IO.Hashing;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Scraper.Crawling.Scheduling;
using Scraper.IO;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>
/// Keeps HTTP cache entries in a folder a person can read: <c>&lt;directory&gt;/&lt;spider&gt;/&lt;ab&gt;/&lt;fingerprint&gt;/</c>
/// with <c>meta.json</c> (method, URL, final URL, status, when stored, the request headers it varies on),
/// <c>headers.txt</c> (<c>Name: value</c> lines) and <c>body</c> (the raw bytes). Each file is written to a
/// temporary file and moved into place, <c>meta.json</c> last; an entry that is missing a file, does not parse
/// or does not match its <c>meta.json</c> is logged and treated as a miss.
/// </summary>
public sealed class FileSystemHttpCacheStore : IHttpCacheStore
{
    private const string MetaFile = "meta.json";
    private const string HeadersFile = "headers.txt";
    private const string BodyFile = "body";

    private readonly ILogger _logger;

    /// <summary>Creates a store in a folder (created when the first entry is written).</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="logger">Logs damaged entries; none when null.</param>
    public FileSystemHttpCacheStore(string directory, ILogger<FileSystemHttpCacheStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the store's folder, as a full path.</summary>
    public string Directory { get; }

    /// <summary>Returns the folder of one entry.</summary>
    /// <param name="spider">The spider's name.</param>
    /// <param name="fingerprint">The request's fingerprint.</param>
    /// <returns>The folder's full path.</returns>
    public string EntryDirectory(string spider, RequestFingerprint fingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spider);
        var key = fingerprint.ToString();
        return Path.Combine(Directory, SafeName(spider), key[..2], key);
    }

    /// <inheritdoc/>
    public async ValueTask<HttpCacheEntry?> LoadAsync(string spider, RequestFingerprint fingerprint, CancellationToken cancellationToken = default)
    {
        var folder = EntryDirectory(spider, fingerprint);
        var metaPath = Path.Combine(folder, MetaFile);
        if (!File.Exists(metaPath))
        {
            return null;
        }

        try
        {
            var meta = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(metaPath, cancellationToken).ConfigureAwait(false), HttpCacheMetaJson.Default.HttpCacheMeta);
            if (meta is null || meta.Format != HttpCacheMeta.CurrentFormat)
            {
                return Damaged(folder, $"{MetaFile} is not a format {HttpCacheMeta.CurrentFormat} entry");
            }

            var headerBytes = await ReadMatchingAsync(Path.Combine(folder, HeadersFile), meta.HeadersLength, meta.HeadersHash, cancellationToken).ConfigureAwait(false);
            var body = await ReadMatchingAsync(Path.Combine(folder, BodyFile), meta.BodyLength, meta.BodyHash, cancellationToken).ConfigureAwait(false);
            if (headerBytes is null || body is null)
            {
                return Damaged(folder, $"{HeadersFile} or {BodyFile} is missing or does not match {MetaFile}");
            }

            if (HeaderLines.Parse(headerBytes) is not { } headers
                || !Uri.TryCreate(meta.Url, UriKind.Absolute, out var url)
                || !Uri.TryCreate(meta.FinalUrl, UriKind.Absolute, out var finalUrl)
                || meta.Status is < 100 or > 999)
            {
                return Damaged(folder, $"{MetaFile} or {HeadersFile} holds an invalid value");
            }

            return new HttpCacheEntry
            {
                Method = meta.Method,
                Url = url,
                FinalUrl = finalUrl,
                Status = (HttpStatusCode)meta.Status,
                StoredAt = meta.StoredAt,
                Headers = headers,
                VaryHeaders = meta.VaryHeaders ?? [],
                Body = body,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return Damaged(folder, ex.Message);
        }
    }

    /// <inheritdoc/>
    public async ValueTask StoreAsync(string spider, RequestFingerprint fingerprint, HttpCacheEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var folder = EntryDirectory(spider, fingerprint);
        var headers = HeaderLines.Format(entry.Headers);
        var meta = new HttpCacheMeta(
            HttpCacheMeta.CurrentFormat,
            entry.Method,
            entry.Url.AbsoluteUri,
            entry.FinalUrl.AbsoluteUri,
            (int)entry.Status,
            entry.StoredAt,
            entry.VaryHeaders.Count == 0 ? null : new Dictionary<string, string>(entry.VaryHeaders, StringComparer.OrdinalIgnoreCase),
            headers.Length,
            Hash(headers),
            entry.Body.Length,
            Hash(entry.Body.Span));

        // Entries hold pages seen by logged-in sessions, so only the owner may read them; a cache is rebuilt
        // by crawling again, so no flush to disk (a torn entry after a power cut fails its hashes: a miss).
        await WriteAsync(Path.Combine(folder, BodyFile), entry.Body, cancellationToken).ConfigureAwait(false);
        await WriteAsync(Path.Combine(folder, HeadersFile), headers, cancellationToken).ConfigureAwait(false);
        await WriteAsync(Path.Combine(folder, MetaFile), JsonSerializer.SerializeToUtf8Bytes(meta, HttpCacheMetaJson.Default.HttpCacheMeta), cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync(bytes, token).AsTask(), ownerOnly: true, flushToDisk: false, cancellationToken);

    private static async Task<byte[]?> ReadMatchingAsync(string path, long length, string hash, CancellationToken cancellationToken)
    {
        // The length is checked before reading, so a file that grew (or was swapped) is not read into memory whole.
        var file = new FileInfo(path);
        if (!file.Exists || file.Length != length)
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return bytes.Length == length && string.Equals(Hash(bytes), hash, StringComparison.Ordinal) ? bytes : null;
    }

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(XxHash128.Hash(bytes));

    // A spider's name becomes a folder name: anything a file system would read as a separator or a special name is replaced.
    private static string SafeName(string spider)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = string.Concat(spider.Select(c => Array.IndexOf(invalid, c) >= 0 || c == '.' ? '_' : c));
        return safe;
    }

    private HttpCacheEntry? Damaged(string folder, string reason)
    {
        HttpCacheLog.DamagedEntry(_logger, folder, reason);
        return null;
    }
}
