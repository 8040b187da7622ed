using Scraper.Crawling;

namespace Scraper.Playwright;

/// <summary>Marks requests to be rendered in the browser.</summary>
public static class RenderRequestExtensions
{
    /// <summary>Returns the request with <see cref="RenderOptions"/> in its features, so the Playwright handler downloads it.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">How to render; <see cref="RenderOptions.Default"/> when null.</param>
    /// <returns>A new request; this one is unchanged.</returns>
    public static Request Rendered(this Request request, RenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request with { Features = request.Features.With(options ?? RenderOptions.Default) };
    }
}
