using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Scraper.Http;

/// <summary>
/// A request body held in memory, so that it can be sent again on a retry or after a 307/308 redirect
/// (an <see cref="HttpRequestMessage"/> cannot be sent twice; semantics R2).
/// </summary>
public sealed class RequestContent
{
    /// <summary>Creates a body from raw bytes and a media type.</summary>
    /// <param name="bytes">The body.</param>
    /// <param name="contentType">The full Content-Type header value, for example <c>application/json; charset=utf-8</c>.</param>
    public RequestContent(ReadOnlyMemory<byte> bytes, string contentType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        Bytes = bytes;
        ContentType = contentType;
    }

    /// <summary>Gets the body bytes.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Gets the Content-Type header value.</summary>
    public string ContentType { get; }

    /// <summary>Creates an <c>application/x-www-form-urlencoded</c> body, encoded as a browser encodes a form.</summary>
    /// <param name="fields">The fields in order; a key may repeat.</param>
    /// <param name="encoding">The page's charset; UTF-8 when null.</param>
    /// <returns>The body.</returns>
    public static RequestContent FormUrlEncoded(IEnumerable<KeyValuePair<string, string>> fields, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var text = FormUrlEncoding.Encode(fields, encoding ?? Encoding.UTF8);
        return new RequestContent(Encoding.ASCII.GetBytes(text), "application/x-www-form-urlencoded");
    }

    /// <summary>Creates a <c>multipart/form-data</c> body.</summary>
    /// <param name="parts">The parts in order.</param>
    /// <param name="encoding">The charset of names, values and file names; UTF-8 when null.</param>
    /// <param name="boundary">The boundary; a random one when null.</param>
    /// <returns>The body.</returns>
    public static RequestContent Multipart(IEnumerable<MultipartField> parts, Encoding? encoding = null, string? boundary = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        encoding ??= Encoding.UTF8;
        boundary ??= "----ScraperBoundary" + Guid.NewGuid().ToString("N");
        using var buffer = new MemoryStream();
        foreach (var part in parts)
        {
            var header = new StringBuilder()
                .Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Disposition: form-data; name=\"").Append(EscapeQuoted(part.Name)).Append('"');
            if (part.FileName is not null)
            {
                header.Append("; filename=\"").Append(EscapeQuoted(part.FileName)).Append('"');
            }

            header.Append("\r\n");
            if (part.FileName is not null || part.ContentType is not null)
            {
                header.Append("Content-Type: ").Append(part.ContentType ?? "application/octet-stream").Append("\r\n");
            }

            header.Append("\r\n");
            buffer.Write(encoding.GetBytes(header.ToString()));
            buffer.Write(part.Data.Span);
            buffer.Write("\r\n"u8);
        }

        buffer.Write(Encoding.ASCII.GetBytes("--" + boundary + "--\r\n"));
        return new RequestContent(buffer.ToArray(), "multipart/form-data; boundary=" + boundary);
    }

    /// <summary>Creates an <c>application/json</c> body with System.Text.Json.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="options">Serializer options; web defaults (camelCase) when null.</param>
    /// <returns>The body.</returns>
    public static RequestContent Json<T>(T value, JsonSerializerOptions? options = null) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, JsonContracts.For<T>(options ?? JsonContracts.SharedWeb, "the options given to RequestContent.Json")),
            "application/json; charset=utf-8");

    /// <summary>Creates a text body.</summary>
    /// <param name="text">The text.</param>
    /// <param name="mediaType">The media type.</param>
    /// <returns>The body, encoded as UTF-8.</returns>
    public static RequestContent Text(string text, string mediaType = "text/plain") =>
        new(Encoding.UTF8.GetBytes(text), mediaType + "; charset=utf-8");

    /// <summary>Creates a fresh <see cref="HttpContent"/> over the buffered bytes, one per send.</summary>
    /// <returns>The content.</returns>
    internal HttpContent ToHttpContent()
    {
        var content = new ReadOnlyMemoryContent(Bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        return content;
    }

    private static string EscapeQuoted(string value) =>
        value.Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal)
            .Replace("\"", "%22", StringComparison.Ordinal);
}
