using Scraper.Crawling;

namespace Scraper.Playwright;

/// <summary>
/// Asks for a request to be rendered in the browser, carried in <see cref="Request.Features"/>: a request without
/// it goes over plain HTTP. Add it with <see cref="RenderRequestExtensions.Rendered"/>.
/// </summary>
/// <example>
/// <code>
/// yield return new Request(url).Rendered(new RenderOptions { WaitFor = [RenderWait.ForSelector(".product")] });
/// </code>
/// </example>
public sealed record RenderOptions
{
    /// <summary>Gets the plain rendering: load the page, run its scripts until the load event, read the DOM.</summary>
    public static RenderOptions Default { get; } = new();

    /// <summary>Gets the conditions awaited, in order, after the load event and before the actions.</summary>
    public IReadOnlyList<RenderWait> WaitFor { get; init; } = [];

    /// <summary>Gets the steps done, in order, before the DOM is read.</summary>
    public IReadOnlyList<PageAction> Actions { get; init; } = [];

    /// <summary>Gets how long the whole rendering may take; <see cref="PlaywrightOptions.DefaultTimeout"/> when null.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the resource types not loaded; <see cref="PlaywrightOptions.BlockedResourceTypes"/> when null, nothing blocked when empty.</summary>
    public IReadOnlySet<string>? BlockedResourceTypes { get; init; }

    /// <summary>
    /// Gets a value indicating whether a PNG screenshot of the page is taken after the actions, as it is read;
    /// the callback gets it from <see cref="RenderResponseExtensions.Capture"/>.
    /// </summary>
    public bool Screenshot { get; init; }

    /// <summary>Gets a value indicating whether the screenshot holds the whole page rather than the viewport.</summary>
    public bool FullPage { get; init; }

    /// <summary>
    /// Gets a value indicating whether a PDF of the page is printed after the actions (Chromium prints only when
    /// headless: with <see cref="PlaywrightOptions.Headless"/> false the request fails naming the setting).
    /// </summary>
    public bool Pdf { get; init; }
}
