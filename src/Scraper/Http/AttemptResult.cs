namespace Scraper.Http;

/// <summary>
/// The answer to one attempt of one hop: the response message (already disposed; its headers stay readable) and,
/// unless it is a redirect to follow, the body read in full.
/// </summary>
/// <remarks>A body kept reserved in the session's <see cref="BodyBudget"/> (the crawler asks for it) comes with its reservation.</remarks>
internal sealed record AttemptResult(HttpResponseMessage Message, Uri Url, ReadOnlyMemory<byte> Body, bool IsRedirect, BodyReservation? Reservation = null);
