using System.Globalization;

namespace Scraper.Http.Cookies;

/// <summary>
/// The cookie date algorithm of RFC 6265 §5.1.1: tolerant of every format servers send (RFC 1123, RFC 850 with
/// two-digit years, asctime, dashes), rejecting only dates it cannot make sense of.
/// </summary>
internal static class CookieDateParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static DateTimeOffset? Parse(string text)
    {
        int? hour = null, minute = null, second = null, day = null, month = null, year = null;
        foreach (var token in Tokens(text))
        {
            if (hour is null && TryTime(token, out var h, out var m, out var s))
            {
                (hour, minute, second) = (h, m, s);
            }
            else if (day is null && TryDigits(token, 1, 2, out var d))
            {
                day = d;
            }
            else if (month is null && token.Length >= 3 && Array.IndexOf(Months, token[..3].ToString().ToLowerInvariant()) is var index and >= 0)
            {
                month = index + 1;
            }
            else if (year is null && TryDigits(token, 2, 4, out var y))
            {
                year = y;
            }
        }

        if (hour is null || day is null || month is null || year is null)
        {
            return null;
        }

        var fullYear = year.Value switch
        {
            >= 70 and <= 99 => year.Value + 1900,
            >= 0 and <= 69 => year.Value + 2000,
            _ => year.Value,
        };

        if (day is < 1 or > 31 || fullYear < 1601 || hour > 23 || minute > 59 || second > 59 || day > DateTime.DaysInMonth(fullYear, month.Value))
        {
            return null;
        }

        return new DateTimeOffset(fullYear, month.Value, day.Value, hour.Value, minute!.Value, second!.Value, TimeSpan.Zero);
    }

    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var delimiter = i == text.Length || IsDelimiter(text[i]);
            if (!delimiter && start < 0)
            {
                start = i;
            }
            else if (delimiter && start >= 0)
            {
                tokens.Add(text[start..i]);
                start = -1;
            }
        }

        return tokens;
    }

    /// <summary>The delimiters of §5.1.1: every control and punctuation character except those inside time and digits.</summary>
    private static bool IsDelimiter(char c) =>
        c == '\t' || (c >= ' ' && c <= '/') || (c >= ';' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');

    private static bool TryTime(ReadOnlySpan<char> token, out int hour, out int minute, out int second)
    {
        hour = minute = second = 0;
        var parts = token.ToString().Split(':');
        return parts.Length == 3
            && TryDigits(parts[0], 1, 2, out hour) && TryDigits(parts[1], 1, 2, out minute) && TryLeadingDigits(parts[2], out second);
    }

    private static bool TryLeadingDigits(string part, out int value)
    {
        var digits = part.TakeWhile(char.IsAsciiDigit).Count();
        value = 0;
        return digits is 1 or 2 && int.TryParse(part.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Between min and max leading digits, anything after them ignored (as the RFC's grammar allows).</summary>
    private static bool TryDigits(ReadOnlySpan<char> token, int min, int max, out int value)
    {
        var digits = 0;
        while (digits < token.Length && char.IsAsciiDigit(token[digits]))
        {
            digits++;
        }

        value = 0;
        return digits >= min && digits <= max && int.TryParse(token[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
