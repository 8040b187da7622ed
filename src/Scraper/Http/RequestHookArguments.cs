namespace Scraper.Http;

/// <summary>What a request hook sees: the message about to be sent, which it may change.</summary>
/// <param name="Request">The message for this hop and attempt.</param>
/// <param name="Hop">The zero-based redirect hop.</param>
/// <param name="Attempt">The zero-based attempt of this hop.</param>
/// <param name="CancellationToken">The request's token.</param>
public readonly record struct RequestHookArguments(HttpRequestMessage Request, int Hop, int Attempt, CancellationToken CancellationToken);
