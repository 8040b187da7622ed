using WireMock.Logging;
using WireMock.Server;

namespace Scraper.Tests.Http;

/// <summary>Small readers over WireMock's request log, so assertions stay one line.</summary>
internal static class WireMockExtensions
{
    public static IReadOnlyList<ILogEntry> Requests(this WireMockServer server, string path) =>
        server.LogEntries.Where(e => e.RequestMessage?.Path == path).ToList();

    public static ILogEntry Single(this WireMockServer server, string path) => Assert.Single(server.Requests(path));

    public static string? Header(this ILogEntry entry, string name) =>
        entry.RequestMessage?.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public static string? Cookie(this ILogEntry entry) => entry.Header("Cookie");

    /// <summary>A URL on this server under the host name it was started with.</summary>
    public static Uri At(this WireMockServer server, string path) => new(new Uri(server.Url!), path);

    /// <summary>
    /// The same server under another host name (localhost and 127.0.0.1 swap): another origin for cookies,
    /// credentials and redirects, without a second server.
    /// </summary>
    public static Uri AtOtherHost(this WireMockServer server, string path)
    {
        var url = new Uri(server.Url!);
        var otherHost = url.Host == "localhost" ? "127.0.0.1" : "localhost";
        return new UriBuilder(url) { Host = otherHost, Path = path }.Uri;
    }
}
