using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scraper.Http.Cookies;

/// <summary>
/// Writes a cookie value to the cookie file so that its octets survive (C11). JSON strings cannot hold the escaped
/// bytes of a value that is not UTF-8 (System.Text.Json turns them into U+FFFD), so such a value is written as
/// <c>{"octets": "&lt;base64&gt;"}</c>; every other value stays a plain string, as in files written before.
/// </summary>
internal sealed class CookieValueJsonConverter : JsonConverter<string>
{
    private const string OctetsProperty = "octets";

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString()!;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A cookie value is a string or {\"octets\": base64}.");
        }

        string? value = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            if (property == OctetsProperty)
            {
                value = CookieEncoding.Instance.GetString(reader.GetBytesFromBase64());
            }
            else
            {
                reader.Skip();
            }
        }

        return value ?? throw new JsonException("A cookie value object has no \"octets\".");
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (!CookieEncoding.HasEscapedBytes(value))
        {
            writer.WriteStringValue(value);
            return;
        }

        writer.WriteStartObject();
        writer.WriteBase64String(OctetsProperty, CookieEncoding.Instance.GetBytes(value));
        writer.WriteEndObject();
    }
}
