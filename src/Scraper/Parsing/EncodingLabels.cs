using System.Collections.Frozen;
using System.Text;

namespace Scraper.Parsing;

/// <summary>
/// Maps charset labels to encodings as the WHATWG Encoding Standard says browsers do: <c>latin1</c>,
/// <c>iso-8859-1</c> and <c>us-ascii</c> mean windows-1252, <c>gb2312</c> means GBK, and so on.
/// </summary>
internal static class EncodingLabels
{
    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["unicode-1-1-utf-8"] = "utf-8",
        ["unicode11utf8"] = "utf-8",
        ["unicode20utf8"] = "utf-8",
        ["utf8"] = "utf-8",
        ["x-unicode20utf8"] = "utf-8",
        ["ascii"] = "windows-1252",
        ["us-ascii"] = "windows-1252",
        ["ansi_x3.4-1968"] = "windows-1252",
        ["cp1252"] = "windows-1252",
        ["cp819"] = "windows-1252",
        ["ibm819"] = "windows-1252",
        ["iso-8859-1"] = "windows-1252",
        ["iso-ir-100"] = "windows-1252",
        ["iso8859-1"] = "windows-1252",
        ["iso88591"] = "windows-1252",
        ["iso_8859-1"] = "windows-1252",
        ["iso_8859-1:1987"] = "windows-1252",
        ["l1"] = "windows-1252",
        ["latin1"] = "windows-1252",
        ["x-cp1252"] = "windows-1252",
        ["iso-8859-9"] = "windows-1254",
        ["latin5"] = "windows-1254",
        ["iso-8859-11"] = "windows-874",
        ["tis-620"] = "windows-874",
        ["gb2312"] = "gbk",
        ["chinese"] = "gbk",
        ["csgb2312"] = "gbk",
        ["x-gbk"] = "gbk",
        ["x-sjis"] = "shift_jis",
        ["sjis"] = "shift_jis",
        ["ms_kanji"] = "shift_jis",
        ["windows-31j"] = "shift_jis",
        ["x-euc-jp"] = "euc-jp",
        ["ks_c_5601-1987"] = "euc-kr",
        ["korean"] = "euc-kr",
        ["x-mac-cyrillic"] = "x-mac-cyrillic",
        ["koi"] = "koi8-r",
        ["koi8"] = "koi8-r",
        ["cp1251"] = "windows-1251",
        ["x-cp1251"] = "windows-1251",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    static EncodingLabels()
    {
        // Idempotent: makes windows-125x, Shift_JIS, GBK, EUC-KR, KOI8-R... available to Encoding.GetEncoding.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Returns the encoding a label names, or null when the runtime knows no such encoding.</summary>
    public static Encoding? Find(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var name = label.Trim().Trim('"', '\'');
        name = Aliases.GetValueOrDefault(name, name);
        if (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Utf8;
        }

        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>UTF-8 without a BOM preamble, replacing invalid bytes with U+FFFD.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
}
