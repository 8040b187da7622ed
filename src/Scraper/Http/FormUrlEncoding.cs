using System.Text;

namespace Scraper.Http;

/// <summary>
/// The <c>application/x-www-form-urlencoded</c> serializer of the WHATWG URL standard: names and values are
/// encoded in the form's charset, bytes outside <c>*-._</c> and ASCII alphanumerics are percent-encoded and a
/// space becomes <c>+</c>. Characters the charset cannot represent become decimal HTML character references,
/// as browsers send them.
/// </summary>
public static class FormUrlEncoding
{
    /// <summary>Serializes fields in order.</summary>
    /// <param name="fields">The fields; a key may repeat.</param>
    /// <param name="encoding">The charset; UTF-8 when null.</param>
    /// <returns>The encoded string, without a leading <c>?</c>.</returns>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> fields, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var charset = WithCharacterReferenceFallback(encoding ?? Encoding.UTF8);
        var builder = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            AppendEncoded(builder, name, charset);
            builder.Append('=');
            AppendEncoded(builder, value, charset);
        }

        return builder.ToString();
    }

    /// <summary>Encodes one name or value.</summary>
    /// <param name="value">The text.</param>
    /// <param name="encoding">The charset; UTF-8 when null.</param>
    /// <returns>The encoded text.</returns>
    public static string EncodeComponent(string value, Encoding? encoding = null)
    {
        var builder = new StringBuilder(value.Length);
        AppendEncoded(builder, value, WithCharacterReferenceFallback(encoding ?? Encoding.UTF8));
        return builder.ToString();
    }

    private static void AppendEncoded(StringBuilder builder, string value, Encoding encoding)
    {
        foreach (var b in encoding.GetBytes(value))
        {
            if (b == (byte)' ')
            {
                builder.Append('+');
            }
            else if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
        }
    }

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'*' or (byte)'-' or (byte)'.' or (byte)'_';

    private static Encoding WithCharacterReferenceFallback(Encoding encoding) =>
        encoding is UTF8Encoding or UnicodeEncoding or UTF32Encoding
            ? encoding
            : Encoding.GetEncoding(encoding.CodePage, new CharacterReferenceEncoderFallback(), DecoderFallback.ReplacementFallback);

    private const string HexUpper = "0123456789ABCDEF";
}
