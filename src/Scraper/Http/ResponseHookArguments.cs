namespace Scraper.Http;

/// <summary>What a response hook sees: the answer to one hop or attempt, before its body is read.</summary>
/// <param name="Response">The response message (its body is not read yet; do not read it).</param>
/// <param name="Url">The URL this hop was sent to.</param>
/// <param name="Hop">The zero-based redirect hop.</param>
/// <param name="Attempt">The zero-based attempt of this hop.</param>
/// <param name="Elapsed">The time from sending to the response headers.</param>
/// <param name="CancellationToken">The request's token.</param>
public readonly record struct ResponseHookArguments(
    HttpResponseMessage Response, Uri Url, int Hop, int Attempt, TimeSpan Elapsed, CancellationToken CancellationToken);
