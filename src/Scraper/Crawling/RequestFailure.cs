namespace Scraper.Crawling;

/// <summary>What an error callback learns about a request that failed for good.</summary>
/// <param name="Request">The request.</param>
/// <param name="Exception">Why it failed.</param>
/// <param name="Response">The response, when the failure came with one (for example an HTTP error status).</param>
public sealed record RequestFailure(Request Request, Exception Exception, Response? Response);
