using System.Net;

namespace Scraper.Http;

/// <summary>One redirect a request went through on its way to the final answer (semantics R9).</summary>
/// <param name="Method">The method of the hop.</param>
/// <param name="Url">The URL the hop was sent to.</param>
/// <param name="StatusCode">The redirect status.</param>
/// <param name="Location">The Location it pointed to, resolved against <paramref name="Url"/>.</param>
public sealed record RedirectHop(HttpMethod Method, Uri Url, HttpStatusCode StatusCode, Uri Location);
