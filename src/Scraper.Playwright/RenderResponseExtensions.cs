using Scraper.Crawling;

namespace Scraper.Playwright;

/// <summary>Reads what the Playwright handler attached to a rendered response.</summary>
public static class RenderResponseExtensions
{
    /// <summary>Returns the screenshot and PDF of a rendered response, or null when the rendering captured neither (or the response was not rendered).</summary>
    /// <param name="response">The response.</param>
    /// <returns>The capture, or null.</returns>
    public static RenderCapture? Capture(this Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Request.Features.Get<RenderCapture>();
    }
}
