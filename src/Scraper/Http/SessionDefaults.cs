using System.Reflection;

namespace Scraper.Http;

/// <summary>The default values of the session options, in one place so code and docs agree.</summary>
internal static class SessionDefaults
{
    public static readonly string Version =
        typeof(SessionDefaults).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "1.0.0";

    public static readonly string UserAgent = $"Scraper/{Version} (+https://github.com/scraper-dotnet/scraper)";

    public const string Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    public const string AcceptEncoding = "gzip, deflate, br";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    public const long MaxResponseSize = 64L * 1024 * 1024;
    public const int MaxRedirects = 30;

    /// <summary>Headers that carry credentials and must not follow a redirect to another origin (semantics R6).</summary>
    public static readonly string[] HeadersStrippedAcrossOrigins =
        ["Proxy-Authorization", "Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token", "X-CSRF-Token", "X-XSRF-TOKEN"];

    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
}
