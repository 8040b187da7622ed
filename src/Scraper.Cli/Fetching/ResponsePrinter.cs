using Scraper.Http;

namespace Scraper.Cli.Fetching;

/// <summary>Writes what a response was (status, final URL, redirects, headers) as the commands show it, secrets masked.</summary>
internal static class ResponsePrinter
{
    /// <summary>Writes the status line, the redirects followed and the final URL.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="response">The response.</param>
    public static void WriteStatus(TextWriter writer, SessionResponse response)
    {
        writer.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase} HTTP/{response.Version} ({response.Body.Length:N0} bytes, {response.Elapsed.TotalMilliseconds:N0} ms)");
        foreach (var hop in response.History)
        {
            writer.WriteLine($"  {(int)hop.StatusCode} {UrlRedaction.Redact(hop.Url)} -> {UrlRedaction.Redact(hop.Location)}");
        }

        writer.WriteLine($"URL: {UrlRedaction.Redact(response.Url)}");
    }

    /// <summary>Writes the response and content headers, one per line; cookie and credential values are masked.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="response">The response.</param>
    public static void WriteHeaders(TextWriter writer, SessionResponse response)
    {
        foreach (var (name, values) in response.Headers.Concat(response.ContentHeaders))
        {
            foreach (var value in values)
            {
                writer.WriteLine($"{name}: {Mask(name, value)}");
            }
        }
    }

    // A Set-Cookie keeps its name and attributes, so the user sees which cookie was set and how, not its value.
    private static string Mask(string name, string value)
    {
        if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) && value.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
        {
            var end = value.IndexOf(';', StringComparison.Ordinal);
            return value[..(equals + 1)] + UrlRedaction.Mask + (end < 0 ? string.Empty : value[end..]);
        }

        return UrlRedaction.HeaderValueForLog(name, value);
    }
}
