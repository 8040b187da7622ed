using Scraper.Http;

namespace Scraper.Cli.Fetching;

/// <summary>Turns what can go wrong while fetching into the one line a command prints before it exits non-zero.</summary>
internal static class FailureMessage
{
    /// <summary>Whether an exception is a failure a command reports in one line rather than a bug.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>True for network, HTTP, timeout and input errors.</returns>
    public static bool IsReported(Exception exception) =>
        exception is SessionException or ArgumentException or IOException or UnauthorizedAccessException or UriFormatException;

    /// <summary>Returns the exception's message on one line.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>For example <c>scraper: The connection was refused for http://127.0.0.1:1/: Connection refused</c>.</returns>
    public static string For(Exception exception) =>
        "scraper: " + string.Join(' ', exception.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
