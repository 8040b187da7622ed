namespace Scraper.Telemetry;

/// <summary>
/// Boxed integers for tag values (status codes, depths, attempts), made once: an activity's tag is an object, and a
/// box per request and tag is garbage the crawl makes only for its traces.
/// </summary>
internal static class BoxedInts
{
    // Immutable once built: every status code and any depth a crawl reaches in practice.
    private static readonly object[] Small = Enumerable.Range(0, 600).Select(static i => (object)i).ToArray();

    public static object Of(int value) => (uint)value < (uint)Small.Length ? Small[value] : value;
}
