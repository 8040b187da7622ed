using System.Text.Json;
using System.Text.Json.Serialization;
using Scraper.IO;

namespace Scraper.Http.Cookies;

/// <summary>
/// The cookie file: JSON with every field RFC 6265 keeps, host-only included, so a restored jar behaves exactly as
/// the saved one (C10). It holds secrets, so it is created readable only by its owner, and written to a temporary
/// file beside it and moved over, so a crash mid-write leaves the old file whole.
/// </summary>
internal static class CookieFile
{
    private const int Version = 1;

    public static Task SaveAsync(string path, IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, token) => WriteAsync(stream, cookies, token), ownerOnly: true, flushToDisk: true, cancellationToken);

    public static Task WriteAsync(Stream stream, IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(stream, new CookieFileContent(Version, [.. cookies]), CookieFileJson.Default.CookieFileContent, cancellationToken);

    /// <summary>The file's content as bytes, for a store that keeps it as a value (a database row, a Redis field).</summary>
    public static async Task<byte[]> ToBytesAsync(IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        await WriteAsync(stream, cookies, cancellationToken).ConfigureAwait(false);
        return stream.ToArray();
    }

    /// <summary>Reads what <see cref="ToBytesAsync"/> wrote; <paramref name="source"/> names it in errors.</summary>
    public static async Task<IReadOnlyList<StoredCookie>> FromBytesAsync(byte[] data, string source, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(data, writable: false);
        return await ReadAsync(stream, source, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<StoredCookie>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            return [];
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, path, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<IReadOnlyList<StoredCookie>> ReadAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        CookieFileContent? content;
        try
        {
            content = await JsonSerializer.DeserializeAsync(stream, CookieFileJson.Default.CookieFileContent, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The cookie file '{source}' is not valid JSON: {ex.Message}", ex);
        }

        if (content is null || content.Version != Version || content.Cookies is null)
        {
            throw new InvalidDataException($"The cookie file '{source}' is not a version {Version} cookie file.");
        }

        return content.Cookies;
    }
}

/// <summary>The file's top level: a version, so the format can change without misreading old files.</summary>
internal sealed record CookieFileContent(int Version, List<StoredCookie> Cookies);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CookieFileContent))]
internal sealed partial class CookieFileJson : JsonSerializerContext;
