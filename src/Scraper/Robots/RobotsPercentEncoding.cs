using System.Buffers;
using System.Text;

namespace Scraper.Robots;

/// <summary>
/// Puts a robots.txt path or pattern into the one form both are compared in (RFC 9309 §2.2.2, B2): octets outside
/// ASCII, and ASCII characters that may not stand bare in a URI, percent-encoded with upper-case hex digits; escapes of
/// unreserved characters (letters, digits, <c>-._~</c>) decoded; escapes of reserved characters kept, so <c>%2F</c>
/// never equals <c>/</c>. A <c>%</c> that starts no valid escape stands for itself, as <c>%25</c>.
/// </summary>
internal static class RobotsPercentEncoding
{
    private const string Hex = "0123456789ABCDEF";

    private static readonly SearchValues<char> BareCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=");

    /// <summary>Returns the normal form of a path or pattern; the same string when it is already normal.</summary>
    /// <param name="value">The path (with query) or pattern.</param>
    /// <returns>The normal form.</returns>
    public static string Normalize(string value)
    {
        var first = FirstToChange(value);
        if (first < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        builder.Append(value, 0, first);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
                {
                    var octet = (byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                    if (IsUnreserved((char)octet))
                    {
                        builder.Append((char)octet);
                    }
                    else
                    {
                        AppendEscape(builder, octet);
                    }

                    i += 2;
                }
                else
                {
                    builder.Append("%25");
                }
            }
            else if (c < 0x80)
            {
                if (IsBare(c))
                {
                    builder.Append(c);
                }
                else
                {
                    AppendEscape(builder, (byte)c);
                }
            }
            else
            {
                // A lone surrogate is not text: it is encoded as U+FFFD, as a browser would send it.
                var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
                var text = pair ? value.AsSpan(i, 2) : char.IsSurrogate(c) ? "\uFFFD" : value.AsSpan(i, 1);
                var length = Encoding.UTF8.GetBytes(text, utf8);
                i += pair ? 1 : 0;
                foreach (var octet in utf8[..length])
                {
                    AppendEscape(builder, octet);
                }
            }
        }

        return builder.ToString();
    }

    // The index of the first character the normal form differs at (or that needs a closer look), else -1. Paths are
    // checked against every request, so the common case (nothing to change) is one vectorised scan.
    private static int FirstToChange(string value)
    {
        var i = 0;
        while (true)
        {
            var next = value.AsSpan(i).IndexOfAnyExcept(BareCharacters);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (value[i] == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2])
                && !char.IsAsciiLetterLower(value[i + 1]) && !char.IsAsciiLetterLower(value[i + 2])
                && !IsUnreserved((char)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]))))
            {
                // Already an upper-case escape of a character that stays escaped.
                i += 3;
                continue;
            }

            return i;
        }
    }

    private static void AppendEscape(StringBuilder builder, byte octet) =>
        builder.Append('%').Append(Hex[octet >> 4]).Append(Hex[octet & 0xF]);

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    // Unreserved or reserved (RFC 3986 §2.2): the ASCII characters a URI may hold unescaped.
    private static bool IsBare(char c) => BareCharacters.Contains(c);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
