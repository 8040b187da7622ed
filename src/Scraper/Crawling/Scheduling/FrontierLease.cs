namespace Scraper.Crawling.Scheduling;

/// <summary>A request taken out of an <see cref="IFrontier"/>, to be acknowledged once it is fully processed.</summary>
/// <param name="Request">The request.</param>
/// <param name="Id">The frontier's own identifier for the entry (a row or stream id in a persistent frontier).</param>
public sealed record FrontierLease(Request Request, long Id);
