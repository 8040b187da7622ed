using System.Text;

namespace Scraper.Parsing;

/// <summary>
/// The HTML standard's "prescan a byte stream to determine its encoding", over the first 1024 bytes: finds
/// <c>&lt;meta charset&gt;</c> or <c>&lt;meta http-equiv="content-type" content="...charset=..."&gt;</c>, skipping
/// comments and other tags, as a browser does before it parses.
/// </summary>
internal static class MetaCharsetPrescanner
{
    private const int Limit = 1024;

    public static string? FindCharset(ReadOnlySpan<byte> body)
    {
        var bytes = body.Length > Limit ? body[..Limit] : body;
        var i = 0;
        while (i < bytes.Length)
        {
            if (StartsWith(bytes, i, "<!--"u8))
            {
                var end = bytes[(i + 4)..].IndexOf("-->"u8);
                if (end < 0)
                {
                    return null;
                }

                i += 4 + end + 3;
            }
            else if (StartsWithIgnoreCase(bytes, i, "<meta"u8) && i + 5 < bytes.Length && IsSpaceOrSlash(bytes[i + 5]))
            {
                var (charset, next) = ReadMeta(bytes, i + 5);
                if (charset is not null)
                {
                    return charset;
                }

                i = next;
            }
            else if (bytes[i] == '<' && i + 1 < bytes.Length && (IsAsciiLetter(bytes[i + 1]) || (bytes[i + 1] == '/' && i + 2 < bytes.Length && IsAsciiLetter(bytes[i + 2]))))
            {
                i = SkipTag(bytes, i);
            }
            else if (bytes[i] == '<' && i + 1 < bytes.Length && bytes[i + 1] is (byte)'!' or (byte)'/' or (byte)'?')
            {
                var end = bytes[i..].IndexOf((byte)'>');
                if (end < 0)
                {
                    return null;
                }

                i += end + 1;
            }
            else
            {
                i++;
            }
        }

        return null;
    }

    private static (string? Charset, int Next) ReadMeta(ReadOnlySpan<byte> bytes, int position)
    {
        string? charset = null;
        string? content = null;
        var httpEquivContentType = false;
        while (ReadAttribute(bytes, ref position) is { } attribute)
        {
            switch (attribute.Name)
            {
                case "http-equiv":
                    httpEquivContentType = attribute.Value.Equals("content-type", StringComparison.OrdinalIgnoreCase);
                    break;
                case "content":
                    content ??= attribute.Value;
                    break;
                case "charset":
                    charset ??= attribute.Value;
                    break;
            }
        }

        if (charset is null && httpEquivContentType && content is not null)
        {
            charset = ContentTypeCharset.FromContent(content);
        }

        return (string.IsNullOrWhiteSpace(charset) ? null : charset.Trim(), position);
    }

    /// <summary>"Get an attribute" of the standard, lower-casing names; returns null at the end of the tag.</summary>
    private static (string Name, string Value)? ReadAttribute(ReadOnlySpan<byte> bytes, ref int i)
    {
        while (i < bytes.Length && (IsSpace(bytes[i]) || bytes[i] == '/'))
        {
            i++;
        }

        if (i >= bytes.Length || bytes[i] == '>')
        {
            i++;
            return null;
        }

        var name = new StringBuilder();
        while (i < bytes.Length && bytes[i] != '=' && !IsSpace(bytes[i]) && bytes[i] != '/' && bytes[i] != '>')
        {
            name.Append((char)ToLower(bytes[i++]));
        }

        while (i < bytes.Length && IsSpace(bytes[i]))
        {
            i++;
        }

        if (i >= bytes.Length || bytes[i] != '=')
        {
            return (name.ToString(), string.Empty);
        }

        i++;
        while (i < bytes.Length && IsSpace(bytes[i]))
        {
            i++;
        }

        var value = new StringBuilder();
        if (i < bytes.Length && bytes[i] is (byte)'"' or (byte)'\'')
        {
            var quote = bytes[i++];
            while (i < bytes.Length && bytes[i] != quote)
            {
                value.Append((char)ToLower(bytes[i++]));
            }

            i++;
        }
        else
        {
            while (i < bytes.Length && !IsSpace(bytes[i]) && bytes[i] != '>')
            {
                value.Append((char)ToLower(bytes[i++]));
            }
        }

        return (name.ToString(), value.ToString());
    }

    private static int SkipTag(ReadOnlySpan<byte> bytes, int i)
    {
        while (i < bytes.Length && !IsSpace(bytes[i]) && bytes[i] != '>')
        {
            i++;
        }

        var position = i;
        while (ReadAttribute(bytes, ref position) is not null)
        {
        }

        return position;
    }

    private static bool StartsWith(ReadOnlySpan<byte> bytes, int i, ReadOnlySpan<byte> prefix) => bytes[i..].StartsWith(prefix);

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> bytes, int i, ReadOnlySpan<byte> prefix)
    {
        if (bytes.Length - i < prefix.Length)
        {
            return false;
        }

        for (var k = 0; k < prefix.Length; k++)
        {
            if (ToLower(bytes[i + k]) != prefix[k])
            {
                return false;
            }
        }

        return true;
    }

    private static byte ToLower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r';

    private static bool IsSpaceOrSlash(byte b) => IsSpace(b) || b == '/';

    private static bool IsAsciiLetter(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z');
}
