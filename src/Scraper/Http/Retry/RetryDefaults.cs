using System.Collections.Frozen;

namespace Scraper.Http;

/// <summary>The default values of the retry policy, in one place so code and docs agree.</summary>
internal static class RetryDefaults
{
    public const int MaxRetries = 3;
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// 408, 429, 500, 502, 503, 504, and Cloudflare's 522 (connection timed out) and 524 (a timeout occurred):
    /// the answers that say "try again later" (semantics T1).
    /// </summary>
    public static readonly FrozenSet<int> StatusCodes = new[] { 408, 429, 500, 502, 503, 504, 522, 524 }.ToFrozenSet();
}
