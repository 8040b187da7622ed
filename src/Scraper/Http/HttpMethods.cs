namespace Scraper.Http;

/// <summary>What RFC 9110 says about request methods, for the retry rules of sessions and of the engine.</summary>
internal static class HttpMethods
{
    /// <summary>Returns whether sending the method twice has the effect of sending it once (safe to retry).</summary>
    public static bool IsIdempotent(HttpMethod method) =>
        IsSafe(method) || method == HttpMethod.Put || method == HttpMethod.Delete;

    /// <summary>Returns whether the method only reads.</summary>
    public static bool IsSafe(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace;
}
