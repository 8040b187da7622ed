namespace Scraper.Http;

/// <summary>What a retry callback learns about the attempt that failed.</summary>
/// <param name="Url">The URL of the failed attempt.</param>
/// <param name="AttemptNumber">The zero-based number of the attempt that failed.</param>
/// <param name="Delay">How long the session waits before the next attempt.</param>
/// <param name="StatusCode">The status of the failed attempt, or null when it failed without an answer.</param>
/// <param name="Exception">The error of the failed attempt, or null when it got an answer.</param>
public readonly record struct RetryArguments(Uri Url, int AttemptNumber, TimeSpan Delay, int? StatusCode, Exception? Exception);
