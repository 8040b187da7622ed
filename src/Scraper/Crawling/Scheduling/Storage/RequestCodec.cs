using System.Buffers;
using System.Text.Json;

namespace Scraper.Crawling.Scheduling.Storage;

/// <summary>
/// Turns a <see cref="Request"/> into bytes a persistent frontier can keep, and back: one JSON object holding every
/// field a request has (method, URL, headers, query parameters, cookies, body, timeout, size limit, priority, depth,
/// session, flags, the callback and errback by name, typed state and the stored features), with a format version.
/// Fields at their default are left out, so a plain link costs its URL and little more.
/// </summary>
/// <remarks>
/// The one place the stored form is defined: every persistent frontier (SQLite, Redis) stores these bytes as they
/// are. A request's own <see cref="Request.Auth"/> is never written (credentials belong to the session), so such a
/// request cannot be stored.
/// </remarks>
public sealed class RequestCodec
{
    /// <summary>The version of the stored form this codec writes; it reads this version only.</summary>
    public const int FormatVersion = 1;

    private readonly RequestRegistry _registry;

    /// <summary>Creates a codec over a registry of names.</summary>
    /// <param name="registry">What requests may name: callbacks, state types, features.</param>
    public RequestCodec(RequestRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    /// <summary>Writes a request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Its stored form (UTF-8 JSON).</returns>
    /// <exception cref="RequestNotStorableException">A callback has no name, the state's type has no contract, or the request has credentials of its own; the message names it.</exception>
    public byte[] Serialize(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            StoredRequestWriter.Write(writer, request, _registry);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a request written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The stored form.</param>
    /// <returns>The request, its callbacks bound to the registry's spider.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a stored request of this format version.</exception>
    /// <exception cref="RequestNotStorableException">A name in it is unknown to the registry (a callback renamed, a state type removed).</exception>
    public Request Deserialize(ReadOnlyMemory<byte> data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            return StoredRequestReader.Read(document.RootElement, _registry);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or ArgumentException or InvalidOperationException and not RequestNotStorableException)
        {
            throw new InvalidDataException($"A stored request is damaged or not of format version {FormatVersion}: {ex.Message}", ex);
        }
    }
}
