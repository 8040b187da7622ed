using System.Globalization;

namespace Scraper.Crawling.Downloading.HttpCache;

/// <summary>HTTP dates (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept.</summary>
internal static class HttpDates
{
    private static readonly string[] Formats = ["r", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy", "ddd MMM dd HH:mm:ss yyyy"];

    public static DateTimeOffset? Parse(string? value) =>
        value is not null && DateTimeOffset.TryParseExact(value.Trim(), Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out var date) ? date : null;

    public static string Format(DateTimeOffset date) => date.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
}
