using System.Globalization;

namespace Scraper.Playwright;

/// <summary>Checks the version a launched Chromium reports (for example <c>156.0.8078.114</c>) against the lowest one supported.</summary>
internal static class ChromiumVersion
{
    /// <summary>Returns why the version is not supported, or null when it is.</summary>
    public static string? Check(string reported, int minimumMajor)
    {
        var major = reported.Split('.', 2)[0];
        if (!int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return $"of a version Playwright could not read ('{reported}'), and at least {minimumMajor} is needed";
        }

        return value < minimumMajor ? $"version {reported}, older than the oldest supported ({minimumMajor})" : null;
    }
}
