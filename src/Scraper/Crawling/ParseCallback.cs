namespace Scraper.Crawling;

/// <summary>
/// A parse callback: receives a downloaded response and yields what it found. Each yielded <see cref="Request"/>
/// is scheduled; anything else is an item and goes to the item pipelines.
/// </summary>
/// <param name="response">The response, with its parsed document available.</param>
/// <param name="cancellationToken">Cancelled when the crawl stops.</param>
/// <returns>Items and follow-up requests, streamed.</returns>
public delegate IAsyncEnumerable<object> ParseCallback(Response response, CancellationToken cancellationToken);
