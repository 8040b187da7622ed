using System.Text;

namespace Scraper.Http.Cookies;

/// <summary>
/// How Cookie and Set-Cookie header bytes become strings and back, byte for byte (semantics C6, C11). Valid UTF-8
/// is decoded as UTF-8, so <c>café</c> reads as <c>café</c>; every byte that is not part of valid UTF-8 becomes the
/// lone surrogate U+DC00 + byte (U+DC80–U+DCFF, as Python's <c>surrogateescape</c>), which no real text holds, and
/// encoding turns it back into that byte. So a value is the octets the server sent, whatever they are.
/// </summary>
internal sealed class CookieEncoding : Encoding
{
    private const char EscapeBase = '\uDC00';

    public static readonly CookieEncoding Instance = new();

    private CookieEncoding()
    {
    }

    public override string WebName => "utf-8";

    /// <summary>Whether every char is text or an escaped byte (no other unpaired surrogate).</summary>
    public static bool CanEncode(ReadOnlySpan<char> chars)
    {
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]) && !IsEscapedByte(chars[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the value holds bytes that are not UTF-8 (escaped as U+DC80–U+DCFF).</summary>
    public static bool HasEscapedBytes(ReadOnlySpan<char> chars)
    {
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (IsEscapedByte(chars[i]))
            {
                return true;
            }
        }

        return false;
    }

    public override int GetByteCount(char[] chars, int index, int count) => Encode(chars.AsSpan(index, count), Span<byte>.Empty, countOnly: true);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        Encode(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex), countOnly: false);

    public override int GetCharCount(byte[] bytes, int index, int count) => Decode(bytes.AsSpan(index, count), Span<char>.Empty, countOnly: true);

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        Decode(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex), countOnly: false);

    public override int GetMaxByteCount(int charCount) => checked((charCount + 1) * 3);

    public override int GetMaxCharCount(int byteCount) => checked(byteCount + 1);

    private static bool IsEscapedByte(char c) => c is >= '\uDC80' and <= '\uDCFF';

    private static int Encode(ReadOnlySpan<char> chars, Span<byte> bytes, bool countOnly)
    {
        var written = 0;
        Span<byte> scratch = stackalloc byte[4];
        for (var i = 0; i < chars.Length;)
        {
            int length;
            if (IsEscapedByte(chars[i]))
            {
                scratch[0] = (byte)(chars[i] - EscapeBase);
                length = 1;
                i++;
            }
            else
            {
                // An unpaired surrogate outside the escape range has no bytes; HeaderRules rejects it before this.
                _ = Rune.DecodeFromUtf16(chars[i..], out var rune, out var consumed);
                length = rune.EncodeToUtf8(scratch);
                i += consumed;
            }

            if (!countOnly)
            {
                scratch[..length].CopyTo(bytes[written..]);
            }

            written += length;
        }

        return written;
    }

    private static int Decode(ReadOnlySpan<byte> bytes, Span<char> chars, bool countOnly)
    {
        var written = 0;
        Span<char> scratch = stackalloc char[2];
        for (var i = 0; i < bytes.Length;)
        {
            int length;
            if (Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                length = rune.EncodeToUtf16(scratch);
                i += consumed;
            }
            else
            {
                scratch[0] = (char)(EscapeBase + bytes[i]);
                length = 1;
                i++;
            }

            if (!countOnly)
            {
                scratch[..length].CopyTo(chars[written..]);
            }

            written += length;
        }

        return written;
    }
}
