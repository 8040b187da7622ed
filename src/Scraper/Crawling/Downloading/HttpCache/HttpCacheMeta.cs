using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>
/// An entry's <c>meta.json</c>: what a person needs to know which request it answers, and the lengths and hashes
/// of <c>headers.txt</c> and <c>body</c>. It is written last, so it commits the entry: files that do not match it
/// (a crash or a concurrent writer between the moves) make the entry a miss, never a mix of two answers.
/// </summary>
internal sealed record HttpCacheMeta(
    int Format,
    string Method,
    string Url,
    string FinalUrl,
    int Status,
    DateTimeOffset StoredAt,
    Dictionary<string, string>? VaryHeaders,
    long HeadersLength,
    string HeadersHash,
    long BodyLength,
    string BodyHash)
{
    /// <summary>The format written; an entry of another format is a miss.</summary>
    public const int CurrentFormat = 1;
}

/// <summary>Source-generated serialization of <see cref="HttpCacheMeta"/> (the library is trimmed and AOT-compiled).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(HttpCacheMeta))]
internal sealed partial class HttpCacheMetaJson : JsonSerializerContext;
